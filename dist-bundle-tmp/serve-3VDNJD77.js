import {
  SERVE_OPTIONS
} from "./chunk-6IHZYXOR.js";
import {
  HOSTED_CONNECTION_OPTIONS
} from "./chunk-7UCADAM2.js";
import {
  apiNodeOptionsSchema
} from "./chunk-M7XC4JET.js";
import {
  SampleLibrary,
  effectiveDefaultWeights,
  isLoopback
} from "./chunk-AIOI3ZY6.js";
import {
  serverOptionsSchema
} from "./chunk-DCTALWFM.js";
import "./chunk-Y7CRH5CI.js";
import {
  fieldNamer,
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import {
  isCached
} from "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-CD6T25GO.js";
import {
  parseOptions
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/server/open-browser.js
import { spawn } from "node:child_process";
function openBrowser(url, log) {
  const [command, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => log(`Could not open a browser; open ${url} yourself.`));
    child.unref();
  } catch {
    log(`Could not open a browser; open ${url} yourself.`);
  }
}

// dist/src/server/malloc-tuning.js
import { spawn as spawn2 } from "node:child_process";
var MMAP_THRESHOLD_ENV = "MALLOC_MMAP_THRESHOLD_";
var MMAP_THRESHOLD_BYTES = 131072;
var RELAUNCHED_ENV = "PAINTERLY_SERVE_RELAUNCHED";
var REPEATED_SIGNAL_MS = 1500;
function shouldRelaunch(env = process.env, platform = process.platform) {
  if (platform !== "linux")
    return false;
  if (env[MMAP_THRESHOLD_ENV] !== void 0 || (env.GLIBC_TUNABLES ?? "").includes("mmap_threshold"))
    return false;
  return env[RELAUNCHED_ENV] === void 0 && env.PAINTERLY_NO_RELAUNCH === void 0;
}
function relaunchWithFixedMmapThreshold(signal) {
  const env = { ...process.env, [MMAP_THRESHOLD_ENV]: String(MMAP_THRESHOLD_BYTES), [RELAUNCHED_ENV]: "1" };
  const child = spawn2(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: ["inherit", "inherit", "inherit", "ipc"], env });
  let forwarded = false;
  const pass = (name) => {
    forwarded = true;
    if (child.exitCode === null)
      child.kill(name);
  };
  const onSigint = () => pass("SIGINT");
  const onSigterm = () => pass("SIGTERM");
  const onAbort = () => void (forwarded || pass("SIGINT"));
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  signal.addEventListener("abort", onAbort, { once: true });
  return new Promise((resolve) => {
    child.on("exit", (code, childSignal) => {
      signal.removeEventListener("abort", onAbort);
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolve(code ?? (childSignal ? 130 : 1));
    });
  });
}
function watchLauncher() {
  if (!process.connected)
    return () => void 0;
  const stop = () => void process.kill(process.pid, "SIGTERM");
  process.once("disconnect", stop);
  process.channel?.unref();
  return () => {
    process.off("disconnect", stop);
    if (process.connected)
      process.disconnect?.();
  };
}
function guardRepeatedSignals() {
  let firstAtMs;
  const guard = () => {
    const now = Date.now();
    firstAtMs ??= now;
    if (now - firstAtMs > REPEATED_SIGNAL_MS)
      process.exit(130);
  };
  process.on("SIGINT", guard);
  process.on("SIGTERM", guard);
  return () => {
    process.off("SIGINT", guard);
    process.off("SIGTERM", guard);
  };
}

// dist/src/server/start-warnings.js
import fs from "node:fs/promises";
var MAX_SAMPLE_LINES = 5;
async function startWarnings(options, samples) {
  const lines = [];
  if (!["auto", "vgg19", "vgg16", "darknet-tiny"].includes(options.weights) && !options.weights.startsWith("random")) {
    const stats = await fs.stat(options.weights).catch(() => void 0);
    if (!stats?.isFile()) {
      lines.push(`Warning: the --weights file ${options.weights} ${stats ? "is not a file" : "does not exist"}; quality jobs with the default weights will fail until it does. Pass --weights auto, vgg19, darknet-tiny, random or the path of a VGG19 .pth, .safetensors or .h5 file (a .pth or .safetensors file Painterly knows by its SHA-256) or a TF.js model.json.`);
    }
  }
  if (options.samples !== void 0) {
    const stats = await fs.stat(options.samples).catch(() => void 0);
    if (!stats?.isDirectory()) {
      lines.push(`Warning: the --samples folder ${options.samples} ${stats ? "is not a folder" : "does not exist"}; no sample paintings are offered. Pass --samples with a folder of images.`);
    } else {
      const skipped = await samples.skipped();
      for (const { reason } of skipped.slice(0, MAX_SAMPLE_LINES))
        lines.push(`Warning: not offered as a style: ${reason}`);
      if (skipped.length > MAX_SAMPLE_LINES)
        lines.push(`Warning: ${skipped.length - MAX_SAMPLE_LINES} more sample files are not offered.`);
    }
  }
  return lines;
}

// dist/src/cli/commands/serve.js
var HOSTED_FIELDS = ["redis", "database", "storage", "jobsPerHour", "adminEmail", "cookieSecure", "smtp", "mailFrom", "publicUrl", "trustProxy"];
var SERVE_HELP = formatHelp({
  usage: "painterly serve [--port 8787] [--host 127.0.0.1] [--open] [--samples DIR] [options]",
  summary: "Starts the studio: a local web page to stylize photos with the fast presets or the quality optimization, with live progress, a job queue and a gallery kept on disk. Each job runs in its own worker process; stop the server with Ctrl-C: waiting jobs wait again after a restart, and interrupted quality jobs continue from their checkpoint.",
  options: SERVE_OPTIONS,
  examples: ["painterly serve --open", "painterly serve --static-only --open", "painterly serve --host 0.0.0.0 --allow-remote --allow-host studio.lan", "painterly serve --samples ~/Pictures/paintings --weights random", "PAINTERLY_MODEL_MIRROR=/media/usb/models painterly serve --port 9000"]
});
async function weightsLine(serverWeights) {
  const weights = await effectiveDefaultWeights(serverWeights);
  if (weights === "darknet-tiny")
    return `Quality jobs use Darknet Tiny (real ImageNet features, 4 MB${await isCached("darknet-tiny") ? "" : ", downloaded on first use"}) by default${serverWeights === "auto" ? "; download VGG19 (`painterly models download vgg19`) for the classic look" : ""}.`;
  if (weights.startsWith("random"))
    return `Quality jobs use random (untrained) VGG19 weights by default: offline, clearly lower quality.`;
  if (weights !== "vgg19")
    return `Quality jobs use the network in ${weights} by default.`;
  if (await isCached("vgg19"))
    return "Quality jobs use the pretrained VGG19 weights by default.";
  return "Quality jobs need the pretrained VGG19 weights, which are not downloaded: run `painterly models download vgg19`, or choose random weights in the page (or start with --weights random).";
}
async function runServeCommand(argv, context) {
  const { values, positionals } = parseCommandLine(SERVE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new PainterlyError("INVALID_OPTION", `\`painterly serve\` takes no arguments but received ${positionals.join(" ")}. Run \`painterly serve --help\`.`);
  const { help: _help, ...rest } = values;
  if (HOSTED_FIELDS.some((field) => rest[field] !== void 0))
    return runApiNode(rest, context);
  const options = parseOptions(serverOptionsSchema, rest, fieldNamer(SERVE_OPTIONS));
  if (options.staticOnly)
    return serveStaticOnly(options, context);
  if (shouldRelaunch())
    return relaunchWithFixedMmapThreshold(context.signal);
  const unguard = process.env[RELAUNCHED_ENV] ? guardRepeatedSignals() : () => void 0;
  const unwatch = process.env[RELAUNCHED_ENV] ? watchLauncher() : () => void 0;
  const log = (message) => void process.stderr.write(`${message}
`);
  const { startStudioServer } = await import("./start-server-BSR4IGJU.js");
  const studio = await startStudioServer(options, log);
  process.stdout.write(`Painterly studio: ${studio.url}
`);
  log(`Gallery and uploads: ${studio.options.data}`);
  log(await weightsLine(studio.options.weights));
  for (const line of await startWarnings(studio.options, new SampleLibrary(studio.options.samples, studio.options.maxPixels)))
    log(line);
  if (!isLoopback(studio.options.host))
    log(`Warning: listening on ${studio.options.host}; other machines on the network can use this studio (it answers to ${studio.hosts.join(", ")}).`);
  log("Press Ctrl-C to stop.");
  if (options.open)
    openBrowser(studio.url, log);
  await new Promise((resolve) => {
    if (context.signal.aborted)
      resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  log("Stopping the studio\u2026");
  await studio.close();
  unguard();
  unwatch();
  return 0;
}
async function runApiNode(values, context) {
  const missing = HOSTED_CONNECTION_OPTIONS.filter((spec) => values[spec.field] === void 0).map((spec) => `--${spec.flag}`);
  if (missing.length > 0)
    throw new PainterlyError("INVALID_OPTION", `An API node of a hosted deployment needs --redis, --database and --storage; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing. Pass all three (docs/service.md), or none for the local studio.`);
  const options = parseOptions(apiNodeOptionsSchema, values, fieldNamer(SERVE_OPTIONS));
  if (!isLoopback(options.host) && !options.allowRemote)
    throw new PainterlyError("INVALID_OPTION", `Listening on ${options.host} lets other machines use this API node. Pass --allow-remote as well to do that on purpose, or leave out --host to listen on 127.0.0.1 only.`);
  const log = (message) => void process.stderr.write(`${message instanceof Error ? message.stack ?? message.message : String(message)}
`);
  const { startApiNode } = await import("./start-api-node-CE4Y4HFI.js");
  const node = await startApiNode(options, log);
  process.stdout.write(`Painterly API node: ${node.url}
`);
  await new Promise((resolve) => {
    if (context.signal.aborted)
      resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  log("Stopping the API node\u2026");
  await node.close();
  return 0;
}
async function serveStaticOnly(options, context) {
  const { startStaticSite } = await import("./static-site-E6UWGA2J.js");
  const site = await startStaticSite(options);
  process.stdout.write(`Painterly in your browser: ${site.url}
`);
  process.stderr.write(`Model files from ${site.modelsFrom} at ${site.url}models/. Photos stay in the visitor's browser.
Press Ctrl-C to stop.
`);
  if (options.open)
    openBrowser(site.url, (message) => void process.stderr.write(`${message}
`));
  await new Promise((resolve) => {
    if (context.signal.aborted)
      resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await site.close();
  return 0;
}
export {
  SERVE_HELP,
  runServeCommand
};

import {
  stylize,
  stylizeWithPreset
} from "./chunk-PEH34LJU.js";
import {
  checkpointPathFor,
  removeCheckpoint
} from "./chunk-BVQ6QT43.js";
import {
  DownloadDisplay
} from "./chunk-TQG2MF6O.js";
import {
  withImportedNetwork
} from "./chunk-R5V2LA2R.js";
import {
  ProgressDisplay
} from "./chunk-BOZZ3PCZ.js";
import {
  guardOutputs
} from "./chunk-VG24L7ED.js";
import "./chunk-AE3KFWGY.js";
import {
  fieldNamer,
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import "./chunk-ZXF4SHAO.js";
import {
  noticeWriter,
  writeJsonEvent
} from "./chunk-A27SZDAY.js";
import "./chunk-5I24BNVP.js";
import "./chunk-LLJ2YMLV.js";
import {
  checkOutputWritable,
  writeImage
} from "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-UWTGW7CW.js";
import {
  STYLIZE_OPTIONS
} from "./chunk-CFMQO7VZ.js";
import {
  presetOptionsSchema
} from "./chunk-YGESDE6G.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import {
  parseOptions,
  stylizeOptionsSchema
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/stylize.js
import { existsSync } from "node:fs";

// dist/src/cli/output-paths.js
import { basename, extname, join } from "node:path";
function defaultOutputPath(contentPath) {
  return join(process.cwd(), `${basename(contentPath, extname(contentPath))}-stylized.png`);
}
function snapshotPath(outputPath, iteration) {
  const extension = extname(outputPath);
  return `${outputPath.slice(0, outputPath.length - extension.length)}_${iteration}${extension}`;
}

// dist/src/cli/snapshot-writer.js
var SnapshotWriter = class {
  chain = Promise.resolve();
  failure;
  controller = new AbortController();
  /** Aborted when a snapshot could not be written. */
  get signal() {
    return this.controller.signal;
  }
  /** The write error, if a snapshot failed. */
  get error() {
    return this.failure?.error;
  }
  /** Queues `image` for `path`; `onWritten` runs once the file is in place. */
  write(path, image, onWritten) {
    this.chain = this.chain.then(async () => {
      if (this.failure)
        return;
      try {
        await writeImage(path, image);
        onWritten();
      } catch (error) {
        this.failure = { error };
        this.controller.abort();
      }
    });
  }
  /** Waits for every queued write; throws the first write error. */
  async finish() {
    await this.chain;
    if (this.failure)
      throw this.failure.error;
  }
};

// dist/src/cli/commands/stylize-preset.js
var PRESET_ONLY_FIELDS = ["tileSize"];
var SHARED_FIELDS = /* @__PURE__ */ new Set(["content", "model", "size", "originalColors", "strength", "threads", "device", "maxPixels", ...PRESET_ONLY_FIELDS]);
async function runPresetStylize(values, content, context) {
  const { json, quiet, output, help: _help, ...rest } = values;
  const misplaced = Object.keys(rest).filter((field) => !SHARED_FIELDS.has(field));
  if (misplaced.length > 0) {
    const flags = misplaced.map(fieldNamer(STYLIZE_OPTIONS));
    throw new PainterlyError("INVALID_OPTION", `${flags.join(", ")} ${flags.length === 1 ? "belongs" : "belong"} to the quality engine, not to --model presets. Drop ${flags.length === 1 ? "it" : "them"}, or use --style IMAGE instead of --model.`);
  }
  const options = parseOptions(presetOptionsSchema, { ...rest, content });
  const outputPath = typeof output === "string" ? output : defaultOutputPath(content);
  await checkOutputWritable(outputPath);
  await guardOutputs({ inputs: [{ path: options.content, role: "the CONTENT image" }], outputs: [{ path: outputPath, role: "the output" }] });
  const downloads = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
  const started = Date.now();
  const onProgress = (event) => {
    if (json)
      writeJsonEvent({ ...event });
    else if (event.type === "download" && !quiet)
      downloads.update(event);
    else if (event.type === "load")
      downloads.finish();
    else if (event.type === "tile" && !quiet && event.count > 1 && process.stderr.isTTY) {
      process.stderr.write(`\rtile ${event.index}/${event.count}\x1B[K${event.index === event.count ? "\n" : ""}`);
    }
  };
  const image = await stylizeWithPreset(options, { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) });
  await writeImage(outputPath, image);
  const elapsedMs = Date.now() - started;
  if (json) {
    writeJsonEvent({ type: "done", model: options.model, width: image.rgb.width, height: image.rgb.height, elapsedMs });
    writeJsonEvent({ type: "output", path: outputPath });
  } else if (!quiet) {
    process.stderr.write(`Wrote ${outputPath} (${image.rgb.width}\xD7${image.rgb.height}, preset ${options.model}, ${(elapsedMs / 1e3).toFixed(1)} s)
`);
  }
  return 0;
}

// dist/src/cli/commands/stylize.js
var STYLIZE_HELP = formatHelp({
  usage: "painterly stylize CONTENT (--style STYLE [--style STYLE2 \u2026] | --model PRESET) [--output OUT] [options]",
  summary: "Repaints the CONTENT photo in the style of one or more paintings by optimizing an image against a VGG19 network (Gatys et al.): J = \u03B1\xB7J_content + \u03B2\xB7J_style + \u03B3\xB7TV, content read at conv4_2, style as Gram matrices over conv1_1\u2026conv5_1.",
  options: STYLIZE_OPTIONS,
  notes: [
    "Weights: the real look needs the ImageNet VGG19 (`painterly models download vgg19`, 80 MB, once). Without it, --weights random runs offline with untrained weights: it shows texture transfer but is clearly lower quality.",
    "Speed: each iteration runs one fused ONNX Runtime graph (forward, costs and backward); a step at 512 px takes about a second on 2 cores, one at 128 px a sixteenth of that. Above 256 px the run goes coarse to fine (--scales), so the default 500 iterations at 512 px take about two minutes.",
    "Big pictures: scales that exceed --max-memory are optimized in moving tiles; Ctrl-C (or a crash) leaves OUTPUT.checkpoint, and the same command with --resume continues."
  ],
  examples: [
    "painterly stylize photo.jpg --model udnie --output photo-udnie.jpg            # fast preset, ~1 s",
    "painterly stylize photo.jpg --style starry_night.jpg --output photo-starry.png",
    "painterly stylize photo.jpg --style wave.jpg --style scream.jpg --style-blend-weights 3,1 --size 384 --iterations 300",
    "painterly stylize photo.jpg --style starry_night.jpg --original-colors --tv-weight 0.01 --save-every 50 -o out.png",
    "painterly stylize photo.jpg --style starry_night.jpg --weights random --size 256 --iterations 200 -o trial.png",
    "painterly stylize photo.jpg --style starry_night.jpg --size 2048 --iterations 800 -o print.png   # Ctrl-C, then add --resume to continue"
  ]
});
async function runStylizeCommand(argv, context) {
  const { values, positionals } = parseCommandLine(STYLIZE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(STYLIZE_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new PainterlyError("INVALID_OPTION", positionals.length === 0 ? "Expected a CONTENT image, e.g. `painterly stylize photo.jpg --style painting.jpg`. Run `painterly stylize --help` for every option." : `Expected one CONTENT image but received ${positionals.length}: ${positionals.join(" ")}. Style images go after --style.`);
  }
  if (values.model !== void 0)
    return runPresetStylize(values, positionals[0], context);
  const presetOnly = PRESET_ONLY_FIELDS.filter((field) => values[field] !== void 0);
  if (presetOnly.length > 0) {
    throw new PainterlyError("INVALID_OPTION", "--tile-size applies to fast presets: add --model PRESET (see `painterly models list`).");
  }
  const { json, quiet, output, help: _help, ...rest } = await withImportedNetwork(values);
  const nameOf = fieldNamer(STYLIZE_OPTIONS, { content: "the CONTENT image" });
  const outputPath = typeof output === "string" ? output : defaultOutputPath(positionals[0]);
  const checkpoint = checkpointPathFor(outputPath);
  const options = parseOptions(stylizeOptionsSchema, { ...rest, content: positionals[0], styles: values.styles ?? [], checkpoint }, nameOf);
  await checkOutputWritable(outputPath);
  await guardOutputs({
    inputs: [
      { path: options.content, role: "the CONTENT image" },
      ...options.styles.map((path) => ({ path, role: "the --style image" })),
      ...options.initImage ? [{ path: options.initImage, role: "the --init-image" }] : [],
      ...options.networkChoice.kind === "file" ? [{ path: options.networkChoice.path, role: "the --network file" }] : []
    ],
    outputs: [
      { path: outputPath, role: "the output" },
      { path: checkpoint, role: "the run's checkpoint, OUTPUT.checkpoint", fix: "Choose another --output (the checkpoint is written next to it), or move that path away." }
    ],
    snapshots: options.saveEvery > 0 ? { output: outputPath, every: options.saveEvery, iterations: options.iterations } : void 0
  });
  if (!options.resume && !quiet && !json && existsSync(checkpoint)) {
    process.stderr.write(`Note: ${checkpoint} holds an interrupted run; this fresh run replaces it at its first checkpoint. To continue that run instead, stop now and add --resume.
`);
  }
  const display = new ProgressDisplay(process.stderr, quiet || json ? "quiet" : process.stderr.isTTY ? "bar" : "lines");
  const snapshots = new SnapshotWriter();
  const onProgress = (event) => {
    if (event.type === "snapshot") {
      const path = snapshotPath(outputPath, event.iteration);
      snapshots.write(path, { rgb: event.image, alpha: event.alpha }, () => {
        if (json)
          writeJsonEvent({ type: "snapshot", iteration: event.iteration, path });
      });
      return;
    }
    if (json)
      writeJsonEvent({ ...event });
    display.update(event);
  };
  try {
    const image = await stylize(options, { onProgress, signal: AbortSignal.any([context.signal, snapshots.signal]), onNotice: noticeWriter(quiet) });
    await snapshots.finish();
    await writeImage(outputPath, image);
    await removeCheckpoint(checkpoint);
  } catch (error) {
    display.interrupt();
    await snapshots.finish().catch(() => void 0);
    if (isPainterlyError(error) && error.code === "ABORTED" && existsSync(checkpoint)) {
      throw new PainterlyError("ABORTED", `${error.message} Its progress is saved in ${checkpoint}: run the same command with --resume to continue.`);
    }
    throw snapshots.error ?? error;
  }
  if (json)
    writeJsonEvent({ type: "output", path: outputPath });
  else if (!quiet)
    process.stderr.write(`Wrote ${outputPath}
`);
  return 0;
}
export {
  STYLIZE_HELP,
  runStylizeCommand
};

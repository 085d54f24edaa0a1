import {
  errorText
} from "./chunk-VMXF6CQG.js";
import {
  isStdoutClosed,
  watchStdout
} from "./chunk-A27SZDAY.js";
import {
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/main.js
var SIGPIPE_EXIT_CODE = 141;
var COMMANDS = {
  stylize: async () => (await import("./stylize-TEXITBCN.js")).runStylizeCommand,
  models: async () => (await import("./models-JAXEDVLB.js")).runModelsCommand,
  visualize: async () => (await import("./visualize-HCBQIQJI.js")).runVisualizeCommand,
  video: async () => (await import("./video-PYZPKRP3.js")).runVideoCommand,
  "contact-sheet": async () => (await import("./contact-sheet-YTEC4U5R.js")).runContactSheetCommand,
  serve: async () => (await import("./serve-3VDNJD77.js")).runServeCommand,
  worker: async () => (await import("./worker-AGHLRB3X.js")).runWorkerCommand
};
async function allOptions() {
  const [stylize, video, visualize, serve] = await Promise.all([
    import("./stylize-options-UAJBM4TR.js"),
    import("./video-options-JTDDQCQZ.js"),
    import("./visualize-options-CNXMJFJL.js"),
    import("./serve-options-VMGRR5DU.js")
  ]);
  return [...stylize.STYLIZE_OPTIONS, ...video.VIDEO_OPTIONS, ...visualize.VISUALIZE_OPTIONS, ...serve.SERVE_OPTIONS];
}
var MAIN_HELP = `Painterly \u2014 neural style transfer on ONNX Runtime.

Usage: painterly <command> [options]

Commands:
  stylize CONTENT --style STYLE \u2026      Repaint a photo in the style of paintings (Gatys optimization)
  stylize CONTENT --model PRESET       The same with a pretrained fast network, in about a second
  video CLIP --model PRESET|--style S  Repaint a video without flicker (ffmpeg; sound kept; --resume)
  contact-sheet --content A --model all  Every photo in every style, in one labelled grid
  models list                           Show pretrained models and whether they are cached
  models download NAME|all              Fetch pretrained models (resumable, checksum-verified)
  serve [--port 8787] [--open]          Open the studio: a local web page with a job queue and gallery
  serve|worker --redis --database --storage  A hosted deployment's API node or worker (docs/service.md)
  visualize --layer L --images DIR      Show the image patches that most excite a layer's units

Run \`painterly <command> --help\` for a command's options, defaults and examples.

Example:
  painterly models download vgg19
  painterly stylize photo.jpg --style starry_night.jpg --output photo-starry.png
`;
async function main(argv) {
  const [command, ...rest] = argv;
  if (command === void 0 || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(MAIN_HELP);
    return command === void 0 ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${await version()}
`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`painterly: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(", ")}. Run \`painterly --help\`.
`);
    return 2;
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once("SIGINT", cancel);
  process.once("SIGTERM", cancel);
  watchStdout(cancel);
  try {
    const run = await load();
    return await run(rest, { signal: controller.signal });
  } catch (error) {
    if (isStdoutClosed())
      return SIGPIPE_EXIT_CODE;
    return await reportError(error, controller.signal.aborted);
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
  }
}
async function reportError(error, aborted) {
  if (isPainterlyError(error)) {
    process.stderr.write(`painterly: ${errorText(error, await allOptions())}
`);
    if (error.code === "ABORTED" || aborted)
      return 130;
    return error.code === "INVALID_OPTION" || error.code === "CHECKPOINT_INVALID" ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`painterly: unexpected error: ${message}
`);
  if (process.env.PAINTERLY_DEBUG && error instanceof Error)
    process.stderr.write(`${error.stack}
`);
  else
    process.stderr.write("Set PAINTERLY_DEBUG=1 to see the stack trace, and please report it.\n");
  return 1;
}
async function version() {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}
export {
  main
};

import {
  DownloadDisplay
} from "./chunk-TQG2MF6O.js";
import {
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import {
  MODEL_MIRROR_ENV,
  WEIGHTS_FORMAT_NAMES,
  cacheRoot,
  cacheRootProblem,
  downloadModel,
  importWeightsFile,
  listImportedModels,
  listModels
} from "./chunk-ZXF4SHAO.js";
import {
  writeJsonEvent
} from "./chunk-A27SZDAY.js";
import "./chunk-5I24BNVP.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import {
  findModel
} from "./chunk-CD6T25GO.js";
import "./chunk-6WINQWLN.js";
import {
  OUTPUT_MODE_OPTIONS
} from "./chunk-OR6FP33I.js";
import {
  NETWORKS,
  NETWORK_IDS,
  PREPROCESSING_NAMES
} from "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  invalidOption,
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/models.js
var MODELS_OPTIONS = [
  { flag: "force", field: "force", kind: "boolean", group: "Download", description: "Download every file again, even if cached (repairs a model `models list` calls damaged)." },
  { flag: "name", field: "name", kind: "string", placeholder: "NAME", group: "Import", description: "The name `stylize --network NAME` will use for an imported file.", defaultText: "the file's name without extension" },
  { flag: "link", field: "link", kind: "boolean", group: "Import", description: "Hard-link the file into the store instead of copying it (saves the space; a copy is made across file systems)." },
  { flag: "preprocessing", field: "preprocessing", kind: "string", placeholder: "caffe|torchvision", group: "Import", description: "The input convention of a .pth/.safetensors file Painterly does not know by its SHA-256: caffe (neural-style-pt, converted from Caffe) or torchvision (torchvision's own).", defaultText: "the file's own" },
  ...OUTPUT_MODE_OPTIONS
];
var MODELS_HELP = formatHelp({
  usage: "painterly models list | painterly models download NAME|all [--force] | painterly models import FILE [--name NAME]",
  summary: "Manages pretrained models in the cache ($PAINTERLY_HOME, else $XDG_CACHE_HOME/painterly, else ~/.cache/painterly). `list` shows every known model and whether it is cached, not cached or damaged (a file fails its checksum); `download` fetches one (or all), resumably, checksum-verified and moved into place atomically; concurrent downloads of one model wait for each other and share it. Set PAINTERLY_MODEL_MIRROR=DIR to copy from a local directory laid out like the remote (DIR/vgg19/<file>, DIR/fast-style/<style>/<file>, DIR/darknet/tiny/<file>). `import` takes a VGG19 file you already have (PyTorch .pth from torchvision or neural-style-pt, .safetensors, Keras .h5), checks its format, layers, preprocessing and checksum, and copies it into the cache under a name for `stylize --network NAME` (the registry's own file becomes `vgg19`).",
  options: MODELS_OPTIONS,
  examples: [
    "painterly models list",
    "painterly models download vgg19",
    "painterly models download udnie --force",
    "PAINTERLY_MODEL_MIRROR=/media/usb/models painterly models download all",
    "painterly models import ~/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth --name torchvision-vgg19"
  ]
});
function checkName(name) {
  if (name === "all")
    return;
  try {
    findModel(name);
  } catch (error) {
    if (isPainterlyError(error) && error.code === "MODEL_UNKNOWN")
      throw new PainterlyError("INVALID_OPTION", `${error.message} Or use \`all\`.`, { cause: error });
    throw error;
  }
}
async function runModelsCommand(argv, context) {
  const { values, positionals } = parseCommandLine(MODELS_OPTIONS, argv);
  const [action, ...names] = positionals;
  if (values.help || action === void 0) {
    process.stdout.write(MODELS_HELP);
    return action === void 0 && !values.help ? 2 : 0;
  }
  if (action === "list")
    return listCommand(Boolean(values.json));
  if (action === "download") {
    if (names.length === 0)
      throw new PainterlyError("INVALID_OPTION", "Expected a model name (or all) for `painterly models download`, e.g. `painterly models download vgg19`. `painterly models list` shows the names.");
    names.forEach(checkName);
    const json = Boolean(values.json);
    const quiet = Boolean(values.quiet);
    const display = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
    try {
      for (const name of names) {
        const paths = await downloadModel(name, {
          force: Boolean(values.force),
          signal: context.signal,
          onProgress: (event) => json ? writeJsonEvent({ ...event }) : quiet ? void 0 : display.update(event),
          onWait: (event) => json ? writeJsonEvent({ type: "wait", ...event }) : quiet ? void 0 : display.waiting(event)
        });
        display.finish();
        if (json)
          writeJsonEvent({ type: "downloaded", model: name, paths });
        else if (!quiet)
          process.stderr.write(`${name}: ready in ${paths.join(", ")}
`);
      }
    } finally {
      display.finish();
    }
    return 0;
  }
  if (action === "import")
    return importCommand(names, values);
  throw new PainterlyError("INVALID_OPTION", `Unknown models action "${action}". Use \`painterly models list\`, \`painterly models download NAME|all\` or \`painterly models import FILE\`.`);
}
async function importCommand(files, values) {
  if (files.length !== 1)
    throw new PainterlyError("INVALID_OPTION", `Expected one FILE for \`painterly models import\` but received ${files.length}, e.g. \`painterly models import vgg19-d01eb7cb.pth --name nspt\`.`);
  const preprocessing = values.preprocessing;
  if (preprocessing !== void 0 && !PREPROCESSING_NAMES.includes(preprocessing))
    throw invalidOption(PREPROCESSING_NAMES.join(" or "), "--preprocessing", preprocessing);
  const result = await importWeightsFile(files[0], {
    name: typeof values.name === "string" ? values.name : void 0,
    link: Boolean(values.link),
    preprocessing
  });
  if (values.json)
    writeJsonEvent({ type: "imported", ...importFields(result) });
  else if (!values.quiet)
    process.stderr.write(`${importMessage(result)}
`);
  return 0;
}
function importFields(result) {
  if (result.kind === "registry")
    return { registry: true, name: result.name, path: result.path, alreadyCached: result.alreadyCached };
  return { registry: false, ...result.model, linked: result.linked, alreadyImported: result.alreadyImported };
}
function importMessage(result) {
  if (result.kind === "registry") {
    return `This is the registry's ${result.name} file (same checksum): ${result.alreadyCached ? "already in" : "stored as"} ${result.path}. Use it with --network ${result.name}.`;
  }
  const { model } = result;
  const how = result.alreadyImported ? "was already imported" : result.linked ? "linked" : "copied";
  return [
    `${model.name}: ${how} as ${model.path}`,
    `  ${WEIGHTS_FORMAT_NAMES[model.format] ?? model.format}, VGG19, SHA-256 ${model.sha256.slice(0, 16)}\u2026`,
    `  ${model.preprocessing} preprocessing: ${model.reason}`,
    `Use it with: painterly stylize PHOTO --style PAINTING --network ${model.name}`
  ].join("\n");
}
var STATE_TEXT = { cached: "cached", "not cached": "not cached", damaged: "DAMAGED" };
function provenanceLabel(model) {
  if (model.kind === "fast-style")
    return "Fast-style presets";
  return model.kind === "vgg" ? "VGG19" : model.name;
}
async function listCommand(json) {
  const models = await listModels();
  const imported = await listImportedModels();
  const unusable = await cacheRootProblem();
  if (json) {
    for (const model of models)
      writeJsonEvent({ type: "model", ...model });
    for (const model of imported)
      writeJsonEvent({ type: "imported", ...model });
    if (unusable)
      writeJsonEvent({ type: "warning", message: unusable });
    return 0;
  }
  const nameWidth = Math.max(...models.map((model) => model.name.length));
  const stateWidth = Math.max(...Object.values(STATE_TEXT).map((text) => text.length));
  const mirror = process.env[MODEL_MIRROR_ENV] ? `  (mirror: ${process.env[MODEL_MIRROR_ENV]})` : "";
  const lines = [`Model cache: ${cacheRoot()}${mirror}`, ""];
  if (unusable)
    lines.splice(1, 0, `warning: ${unusable}`);
  for (const model of models) {
    const state = STATE_TEXT[model.state].padEnd(stateWidth);
    lines.push(`${model.name.padEnd(nameWidth)}  ${state}  ${(model.bytes / 1e6).toFixed(1).padStart(5)} MB  ${model.description}`);
  }
  if (imported.length > 0) {
    lines.push("", "Imported (`painterly models import`; use with --network NAME):");
    for (const model of imported) {
      lines.push(`${model.name.padEnd(nameWidth)}  imported  ${(model.bytes / 1e6).toFixed(1).padStart(5)} MB  VGG19, ${WEIGHTS_FORMAT_NAMES[model.format] ?? model.format}, ${model.preprocessing} preprocessing (${model.reason})`);
    }
  }
  const provenances = [...new Set(models.map((model) => `${provenanceLabel(model)}: ${model.provenance}`))];
  lines.push("", ...provenances, "", "Feature networks for `stylize --network NAME` and their defaults:", ...networkDefaultLines(), "");
  const damaged = models.filter((model) => model.state === "damaged");
  for (const model of damaged) {
    lines.push(`${model.name} is damaged (${model.damagedFiles.join(", ")} fail their checksum): repair with \`painterly models download ${model.name} --force\`.`);
  }
  lines.push("Download with `painterly models download NAME` (or `all`).");
  process.stdout.write(`${lines.join("\n")}
`);
  return 0;
}
function networkDefaultLines() {
  return NETWORK_IDS.map((id) => {
    const { defaults } = NETWORKS[id];
    const style = defaults.styleLayers.map((entry) => entry.layer).join(",");
    return `  ${id.padEnd(13)} content ${defaults.contentLayers.join(",")}, style ${style} (equal \u03BB), \u03B1 ${defaults.contentWeight}, \u03B2 ${defaults.styleWeight}, ${defaults.pooling} pooling`;
  });
}
export {
  MODELS_HELP,
  runModelsCommand
};

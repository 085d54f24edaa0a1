import {
  describeWeights,
  weightsLabel
} from "./chunk-5XEBBNML.js";
import {
  BOLD_GLYPH_WIDTH,
  GLYPH_WIDTH,
  escapeXml,
  fittedFontPx,
  svgDocument
} from "./chunk-65T2PSDW.js";
import {
  errorText
} from "./chunk-VMXF6CQG.js";
import {
  withImportedNetwork
} from "./chunk-R5V2LA2R.js";
import {
  formatDuration
} from "./chunk-BOZZ3PCZ.js";
import {
  guardOutputs,
  resolveNetworkWeights
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
import {
  VISUALIZE_OPTIONS,
  parseUnitList,
  visualizeCliSchema
} from "./chunk-NCLQBPVO.js";
import {
  DEFAULT_RECORDS_PER_UNIT,
  NEUTRAL_RGB,
  listImageFiles,
  loadSquareImage,
  receptiveField,
  visualizeFolder
} from "./chunk-KVEV2N3B.js";
import "./chunk-LLJ2YMLV.js";
import {
  checkOutputWritable,
  writeImage
} from "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import {
  chooseNetwork,
  fromInterleaved,
  networkEntryOf,
  parseOptions
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/visualize.js
import { join } from "node:path";

// dist/src/node/patch-grid.js
import sharp from "sharp";
var GRID_LAYOUT = {
  marginPx: 8,
  titleHeightPx: 48,
  labelWidthPx: 120,
  gapPx: 4,
  /** Patches smaller than this are enlarged by a whole factor (nearest neighbour: every pixel stays a crisp block). */
  minCellPx: 64,
  /** Patches larger than this are shrunk to it (Lanczos-3). */
  maxCellPx: 128
};
var BACKGROUND = "#1e1e1e";
function patchCellPx(fieldPx) {
  if (fieldPx < GRID_LAYOUT.minCellPx)
    return fieldPx * Math.ceil(GRID_LAYOUT.minCellPx / fieldPx);
  return Math.min(fieldPx, GRID_LAYOUT.maxCellPx);
}
function gridSizePx(network, layer, rows) {
  const { marginPx, titleHeightPx, labelWidthPx, gapPx } = GRID_LAYOUT;
  const cellPx = patchCellPx(receptiveField(network, layer).sizePx);
  const columns = DEFAULT_RECORDS_PER_UNIT;
  return {
    cellPx,
    widthPx: 2 * marginPx + labelWidthPx + columns * cellPx + (columns - 1) * gapPx,
    heightPx: 2 * marginPx + titleHeightPx + rows * cellPx + Math.max(0, rows - 1) * gapPx
  };
}
async function writePatchGrid(path, result, options = {}) {
  const { widthPx, heightPx, cellPx } = gridSizePx(result.weights.network, result.layer, result.units.length);
  const overlays = [{ input: Buffer.from(titleSvg(result, widthPx)), left: 0, top: 0 }];
  const cellLeft = (column) => GRID_LAYOUT.marginPx + GRID_LAYOUT.labelWidthPx + column * (cellPx + GRID_LAYOUT.gapPx);
  const rowTop = (row) => GRID_LAYOUT.marginPx + GRID_LAYOUT.titleHeightPx + row * (cellPx + GRID_LAYOUT.gapPx);
  for (const [image, uses] of recordsByImage(result)) {
    throwIfAborted(options.signal, CANCELLED);
    const rgb = await loadSquareImage(image, result.sizePx, options.maxPixels);
    for (const { row, column, box } of uses) {
      overlays.push({ input: await enlargedPatch(rgb, box, cellPx), raw: { width: cellPx, height: cellPx, channels: 3 }, left: cellLeft(column), top: rowTop(row) });
    }
  }
  result.units.forEach((unit, row) => {
    overlays.push({ input: Buffer.from(labelSvg(unit.unit, unit.records[0]?.activation, cellPx)), left: GRID_LAYOUT.marginPx, top: rowTop(row) });
  });
  const { data, info } = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: BACKGROUND } }).composite(overlays).raw().toBuffer({ resolveWithObject: true });
  throwIfAborted(options.signal, CANCELLED);
  await writeImage(path, fromInterleaved(data, info.width, info.height, info.channels));
  return { widthPx, heightPx };
}
var CANCELLED = "The visualization was cancelled; no grid was written.";
function recordsByImage(result) {
  const groups = /* @__PURE__ */ new Map();
  result.units.forEach((unit, row) => {
    unit.records.forEach((record, column) => {
      const uses = groups.get(record.image) ?? [];
      uses.push({ row, column, box: record.box });
      groups.set(record.image, uses);
    });
  });
  return groups;
}
async function enlargedPatch(image, box, cellPx) {
  const patch = Buffer.alloc(box.width * box.height * 3);
  const planeSize = image.width * image.height;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const sourceX = box.left + x;
      const sourceY = box.top + y;
      const inside = sourceX >= 0 && sourceY >= 0 && sourceX < image.width && sourceY < image.height;
      for (let channel = 0; channel < 3; channel++) {
        const value = inside ? image.data[channel * planeSize + sourceY * image.width + sourceX] : NEUTRAL_RGB[channel];
        patch[(y * box.width + x) * 3 + channel] = Math.min(255, Math.max(0, Math.round(value)));
      }
    }
  }
  if (box.width === cellPx && box.height === cellPx)
    return patch;
  return sharp(patch, { raw: { width: box.width, height: box.height, channels: 3 } }).resize(cellPx, cellPx, { kernel: cellPx > box.width ? "nearest" : "lanczos3", fit: "fill" }).raw().toBuffer();
}
function gridTitle(result) {
  const field = receptiveField(result.weights.network, result.layer);
  const details = [
    `${DEFAULT_RECORDS_PER_UNIT} strongest activations per unit over ${result.imageCount} images at ${result.sizePx} px`,
    `receptive field ${field.sizePx} px`,
    `${result.pooling} pooling`
  ].join(" \xB7 ");
  return { title: `${result.layer} \u2014 ${describeWeights(weightsLabel(result.weights))}`, details };
}
function titleSvg(result, widthPx) {
  const { title, details } = gridTitle(result);
  const x = GRID_LAYOUT.marginPx;
  const room = widthPx - 2 * x;
  return svgDocument(widthPx, GRID_LAYOUT.titleHeightPx + GRID_LAYOUT.marginPx, [
    `<text x="${x}" y="24" font-size="${fittedFontPx(title, room, 16, BOLD_GLYPH_WIDTH)}" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${x}" y="44" font-size="${fittedFontPx(details, room, 12, GLYPH_WIDTH)}" fill="#bbbbbb">${escapeXml(details)}</text>`
  ]);
}
function labelSvg(unit, maximum, heightPx) {
  const middle = Math.round(heightPx / 2);
  const strength = maximum === void 0 ? "never active" : `max ${formatActivation(maximum)}`;
  return svgDocument(GRID_LAYOUT.labelWidthPx - GRID_LAYOUT.gapPx, heightPx, [
    `<text x="0" y="${middle - 2}" font-size="15" font-weight="bold">unit ${unit}</text>`,
    `<text x="0" y="${middle + 15}" font-size="12" fill="#bbbbbb">${escapeXml(strength)}</text>`
  ]);
}
function formatActivation(value) {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(3);
}

// dist/src/cli/commands/visualize.js
var VISUALIZE_HELP = formatHelp({
  usage: "painterly visualize --layer LAYER --images DIR [--units LIST | --top-units N] [--output grid.png] [options]",
  summary: "Shows what the units of a feature network (VGG19, Darknet Tiny, or a weights file) respond to: runs every image in DIR through the network to LAYER and, for each unit, finds the nine strongest activations over all images and positions (at most one per neighbourhood, so they are not the same patch nine times). Each is drawn as the exact patch of the image the unit sees \u2014 its receptive field \u2014 in a grid with one row per unit.",
  options: VISUALIZE_OPTIONS,
  notes: [
    "In VGG19, shallow layers (conv1_x) see 3\u20135 px and react to colours and edges; deeper layers see more (conv3_1: 24 px, conv4_1: 68 px, conv5_1: 156 px) and react to textures and parts \u2014 see docs/visualize.md.",
    "Memory stays bounded for any number of images: only the nine best records per unit are kept. `--json` prints progress events and, per unit, the records {image, x, y, activation, box} (x, y: position in the activation grid; box: the receptive field in pixels of the resized image)."
  ],
  examples: [
    "painterly visualize --layer conv1_1 --units 0-15 --images photos/ --output conv1_1.png",
    "painterly visualize --layer conv3_1 --top-units 12 --images photos/ --pooling max -o conv3_1-top.png",
    "painterly visualize --layer conv2_1 --units 3,7,9-11 --images photos/ --weights random --json > records.jsonl"
  ]
});
async function runVisualizeCommand(argv, context) {
  const { values, positionals } = parseCommandLine(VISUALIZE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(VISUALIZE_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    throw new PainterlyError("INVALID_OPTION", `Unexpected argument ${positionals.join(" ")}: the images folder goes after --images, e.g. \`painterly visualize --layer conv1_1 --images ${positionals[0]}\`.`);
  }
  if (values.layer === void 0 || values.images === void 0) {
    throw new PainterlyError("INVALID_OPTION", `Expected ${values.layer === void 0 ? "a layer (--layer conv1_1 \u2026 conv5_4 for VGG19, conv1 \u2026 conv15 for Darknet Tiny)" : "a folder of images (--images DIR)"} but received nothing, e.g. \`painterly visualize --layer conv2_1 --images photos/\`. Run \`painterly visualize --help\` for every option.`);
  }
  const { json, quiet, help: _help, ...rest } = await withImportedNetwork(values);
  const options = parseOptions(visualizeCliSchema, rest, fieldNamer(VISUALIZE_OPTIONS));
  const units = options.units === void 0 ? void 0 : parseUnitList(options.units);
  const outputPath = options.output ?? join(process.cwd(), `visualize-${options.layer}.png`);
  await checkOutputWritable(outputPath);
  const choice = chooseNetwork(options.network, options.weights, options.preprocessing);
  const images = await listImageFiles(options.images).catch(() => []);
  await guardOutputs({
    inputs: [...images.map((path) => ({ path, role: "one of the --images" })), ...choice.kind === "file" ? [{ path: choice.path, role: "the --network file" }] : []],
    outputs: [{ path: outputPath, role: "the grid" }]
  });
  const weights = await resolveNetworkWeights(choice, options.layer);
  const pooling = options.pooling ?? networkEntryOf(choice).defaults.pooling;
  const display = new VisualizeProgress(process.stderr, quiet || json ? "quiet" : process.stderr.isTTY ? "bar" : "lines");
  const onProgress = (event) => {
    if (json)
      writeJsonEvent({ ...event });
    display.update(event);
  };
  let result;
  try {
    result = await visualizeFolder({ images: options.images, layer: options.layer, units, topUnits: options.topUnits, sizePx: options.size, weights, pooling, threads: options.threads, device: options.device, maxPixels: options.maxPixels }, { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) });
  } catch (error) {
    display.interrupt();
    throw error;
  }
  throwIfAborted(context.signal, "The visualization was cancelled; no grid was written.");
  const grid = await writePatchGrid(outputPath, result, { maxPixels: options.maxPixels, signal: context.signal });
  if (json) {
    for (const unit of result.units)
      writeJsonEvent({ type: "unit", layer: result.layer, unit: unit.unit, maxActivation: unit.records[0]?.activation ?? 0, records: unit.records });
    writeJsonEvent({ type: "output", path: outputPath, widthPx: grid.widthPx, heightPx: grid.heightPx });
  } else if (!quiet) {
    process.stderr.write(`Wrote ${outputPath} (${grid.widthPx}\xD7${grid.heightPx} px, ${result.units.length} units \xD7 up to 9 patches)
`);
  }
  return 0;
}
var VisualizeProgress = class {
  stream;
  mode;
  lastDrawMs = 0;
  lastTenth = -1;
  constructor(stream, mode) {
    this.stream = stream;
    this.mode = mode;
  }
  update(event) {
    if (this.mode === "quiet")
      return;
    if (event.type === "start") {
      this.stream.write(`Visualizing ${event.layer} over ${event.images} images at ${event.sizePx} px with ${describeWeights({ networkName: event.network, source: event.weights, pretrained: event.pretrained })}
`);
    } else if (event.type === "skip") {
      this.interrupt();
      this.stream.write(`Skipped ${event.path}: ${errorText({ message: event.reason, option: event.option }, VISUALIZE_OPTIONS)}
`);
    } else if (event.type === "image") {
      this.image(event.index, event.images, event.elapsedMs);
    } else {
      this.interrupt();
      const rate = event.elapsedMs > 0 ? (event.images + event.skipped) / event.elapsedMs * 1e3 : 0;
      this.stream.write(`Done: ${event.images} images in ${formatDuration(event.elapsedMs)} (${rate.toFixed(1)} images/s)${event.skipped ? `, ${event.skipped} skipped` : ""}
`);
    }
  }
  /** Ends the bar's line, e.g. before an error message. */
  interrupt() {
    if (this.mode === "bar" && this.lastDrawMs > 0)
      this.stream.write("\n");
    this.lastDrawMs = 0;
  }
  image(index, total, elapsedMs) {
    const rate = elapsedMs > 0 ? index / elapsedMs * 1e3 : 0;
    const eta = rate > 0 ? formatDuration((total - index) / rate * 1e3) : "--:--";
    const text = `${String(index).padStart(String(total).length)}/${total} images  ${rate.toFixed(1)} images/s  ETA ${eta}`;
    if (this.mode === "bar") {
      const now = Date.now();
      if (now - this.lastDrawMs < 100 && index < total)
        return;
      this.lastDrawMs = now;
      const filled = Math.round(index / total * 24);
      this.stream.write(`\r[${"\u2588".repeat(filled)}${"\u2591".repeat(24 - filled)}] ${text}\x1B[K`);
      return;
    }
    const tenth = Math.floor(index / total * 10);
    if (tenth === this.lastTenth)
      return;
    this.lastTenth = tenth;
    this.stream.write(`${text}
`);
  }
};
export {
  VISUALIZE_HELP,
  runVisualizeCommand
};

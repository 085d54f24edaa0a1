import {
  stylize,
  stylizeWithPreset
} from "./chunk-PEH34LJU.js";
import "./chunk-BVQ6QT43.js";
import {
  BOLD_GLYPH_WIDTH,
  GLYPH_WIDTH,
  escapeXml,
  fittedFontPx,
  svgDocument
} from "./chunk-65T2PSDW.js";
import {
  guardOutputs
} from "./chunk-VG24L7ED.js";
import {
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import "./chunk-ZXF4SHAO.js";
import {
  writeJsonEvent
} from "./chunk-A27SZDAY.js";
import "./chunk-5I24BNVP.js";
import "./chunk-LLJ2YMLV.js";
import {
  checkOutputWritable,
  readImage,
  resizeImage
} from "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import {
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import "./chunk-UWTGW7CW.js";
import {
  STYLIZE_OPTIONS
} from "./chunk-CFMQO7VZ.js";
import {
  presetOptionsSchema
} from "./chunk-YGESDE6G.js";
import {
  FAST_STYLE_PRESETS,
  PRESET_DESCRIPTIONS
} from "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import {
  fitLongSide,
  parseOptions,
  stylizeOptionsSchema,
  toInterleaved
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import {
  OUTPUT_MODE_OPTIONS,
  THREADS_OPTION
} from "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/contact-sheet.js
import { basename } from "node:path";

// dist/src/node/contact-sheet.js
import sharp from "sharp";
var DEFAULT_CELL_PX = 256;
var SHEET_LAYOUT = { marginPx: 12, gapPx: 6, labelHeightPx: 22, titleHeightPx: 40 };
var BACKGROUND = { r: 24, g: 24, b: 24 };
async function writeContactSheet(path, title, rows, columns, cells, cellPx) {
  const { marginPx, gapPx, labelHeightPx, titleHeightPx } = SHEET_LAYOUT;
  const pitchX = cellPx + gapPx;
  const pitchY = cellPx + labelHeightPx + gapPx;
  const widthPx = 2 * marginPx + (columns.length + 1) * pitchX - gapPx;
  const heightPx = 2 * marginPx + titleHeightPx + (rows.length + 1) * pitchY - gapPx;
  const overlays = [
    textOverlay(marginPx, marginPx, widthPx - 2 * marginPx, titleHeightPx, title, 18, true)
  ];
  const place = async (image, column, row, label, detail) => {
    const left = marginPx + column * pitchX;
    const top = marginPx + titleHeightPx + row * pitchY;
    if (image) {
      const fitted = await fitIntoCell(image, cellPx);
      overlays.push({ input: fitted.buffer, raw: { width: fitted.width, height: fitted.height, channels: 3 }, left: left + Math.floor((cellPx - fitted.width) / 2), top: top + Math.floor((cellPx - fitted.height) / 2) });
    } else if (detail) {
      overlays.push(wrappedTextOverlay(left, top, cellPx, cellPx, detail));
    }
    overlays.push(textOverlay(left, top + cellPx, cellPx, labelHeightPx, label, 13, column === 0 || row === 0));
  };
  await place(void 0, 0, 0, "content \u2193   style \u2192");
  for (const [index, column] of columns.entries())
    await place(column.image, index + 1, 0, column.label, column.detail);
  for (const [rowIndex, row] of rows.entries()) {
    await place(row.image, 0, rowIndex + 1, row.label);
    for (const [columnIndex, column] of columns.entries()) {
      await place(cells[rowIndex][columnIndex], columnIndex + 1, rowIndex + 1, `${column.label}`);
    }
  }
  const canvas = sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: BACKGROUND } }).composite(overlays);
  const extension = path.toLowerCase().split(".").pop();
  const encoded = extension === "jpg" || extension === "jpeg" ? canvas.jpeg({ quality: 90 }) : extension === "webp" ? canvas.webp({ quality: 90 }) : canvas.png();
  await writeFileAtomic(path, await encoded.toBuffer());
  return { widthPx, heightPx };
}
async function fitIntoCell(image, cellPx) {
  const scale = cellPx / Math.max(image.width, image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const { data, info } = await sharp(Buffer.from(toInterleaved({ rgb: image }, 8)), { raw: { width: image.width, height: image.height, channels: 3 } }).resize(width, height, { fit: "fill", kernel: "lanczos3" }).raw().toBuffer({ resolveWithObject: true });
  return { buffer: data, width: info.width, height: info.height };
}
function textOverlay(left, top, widthPx, heightPx, text, preferredPx, bold) {
  const size = fittedFontPx(text, widthPx, preferredPx, bold ? BOLD_GLYPH_WIDTH : GLYPH_WIDTH);
  const element = `<text x="0" y="${Math.round(heightPx / 2 + size / 3)}" font-size="${size}"${bold ? ' font-weight="bold"' : ""}>${escapeXml(text)}</text>`;
  return { input: Buffer.from(svgDocument(widthPx, heightPx, [element])), left, top };
}
function wrappedTextOverlay(left, top, widthPx, heightPx, text) {
  const fontPx = 13;
  const perLine = Math.max(8, Math.floor(widthPx / (fontPx * GLYPH_WIDTH)));
  const lines = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== void 0 && `${last} ${word}`.length <= perLine)
      lines[lines.length - 1] = `${last} ${word}`;
    else
      lines.push(word);
  }
  const top0 = Math.round(heightPx / 2 - lines.length * (fontPx + 4) / 2 + fontPx);
  const elements = lines.map((line, index) => `<text x="6" y="${top0 + index * (fontPx + 4)}" font-size="${fontPx}" fill="#cccccc">${escapeXml(line)}</text>`);
  return { input: Buffer.from(svgDocument(widthPx, heightPx, elements)), left, top };
}

// dist/src/cli/commands/contact-sheet.js
var QUALITY_FIELDS = ["iterations", "contentWeight", "styleWeight", "tvWeight", "styleScale", "init", "noiseRatio", "optimizer", "learningRate", "seed", "pooling", "weights", "contentLayers", "styleLayers", "styleLayerWeights"];
var CONTACT_SHEET_OPTIONS = [
  { flag: "content", field: "contents", kind: "pathList", repeatable: true, short: "c", placeholder: "IMAGE", group: "Sheet", description: "Content photo(s): one row each. Repeat or separate with commas; a comma inside a file name is written \\, (a path that exists as a whole is always taken whole)." },
  { flag: "model", field: "models", kind: "stringList", repeatable: true, short: "m", placeholder: "PRESET|all", group: "Sheet", description: "Fast presets as columns (`all` = the nine presets)." },
  { flag: "style", field: "styles", kind: "pathList", repeatable: true, short: "s", placeholder: "IMAGE", group: "Sheet", description: "Style images as columns, painted with the quality engine (the options below as in `painterly stylize`)." },
  { flag: "output", field: "output", kind: "string", short: "o", placeholder: "FILE", group: "Sheet", description: "The sheet (.png .jpg .webp), written atomically; never over one of its input images.", defaultText: "contact-sheet.png" },
  { flag: "cell-size", field: "cellSize", kind: "number", placeholder: "PX", group: "Sheet", description: "Long side of every cell; each cell is painted at this size.", defaultText: String(DEFAULT_CELL_PX) },
  { flag: "strength", field: "strength", kind: "number", placeholder: "0..1", group: "Sheet", description: "Blend of every cell with its content: 1 = fully stylized.", defaultText: "1" },
  { flag: "original-colors", field: "originalColors", kind: "boolean", group: "Sheet", description: "Keep the content's colours in every cell." },
  ...STYLIZE_OPTIONS.filter((spec) => QUALITY_FIELDS.includes(spec.field)).map((spec) => ({ ...spec, group: "Quality engine (with --style)" })),
  THREADS_OPTION,
  ...OUTPUT_MODE_OPTIONS
];
var CONTACT_SHEET_HELP = formatHelp({
  usage: "painterly contact-sheet --content A.jpg [--content B.jpg \u2026] (--model all|PRESET\u2026 | --style S.jpg \u2026) --output sheet.png",
  summary: "Paints every content photo in every style and lays the results out in one labelled grid: contents as rows, styles as columns, the originals in the first row and column. Presets take about a second per cell; style images go through the quality engine (minutes per cell at the defaults \u2014 lower --iterations or --cell-size for a quick look).",
  options: CONTACT_SHEET_OPTIONS,
  examples: [
    "painterly contact-sheet --content photo.jpg --model all --output presets.png",
    "painterly contact-sheet --content a.jpg,b.jpg --style starry.jpg,wave.jpg --iterations 150 --cell-size 192 -o sheet.png"
  ]
});
async function runContactSheetCommand(argv, context) {
  const { values, positionals } = parseCommandLine(CONTACT_SHEET_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(CONTACT_SHEET_HELP);
    return 0;
  }
  const contents = [...values.contents ?? [], ...positionals];
  const models = expandModels(values.models ?? []);
  const styles = values.styles ?? [];
  if (contents.length === 0)
    throw new PainterlyError("INVALID_OPTION", "Expected at least one --content IMAGE for the rows of the sheet.");
  if (models.length === 0 === (styles.length === 0)) {
    throw new PainterlyError("INVALID_OPTION", "Expected either --model (presets, e.g. --model all) or --style IMAGE (quality engine) for the columns of the sheet, not both and not neither.");
  }
  const cellPx = parseOptions(presetOptionsSchema.pick({ size: true }), { size: values.cellSize ?? DEFAULT_CELL_PX }, () => "--cell-size").size ?? DEFAULT_CELL_PX;
  const outputPath = typeof values.output === "string" ? values.output : "contact-sheet.png";
  await checkOutputWritable(outputPath);
  await guardOutputs({
    inputs: [
      ...contents.map((path) => ({ path, role: "the --content image" })),
      ...styles.map((path) => ({ path, role: "the --style image" })),
      ...typeof values.weights === "string" ? [{ path: values.weights, role: "the --weights file" }] : []
    ],
    outputs: [{ path: outputPath, role: "the contact sheet" }]
  });
  const qualityValues = Object.fromEntries(QUALITY_FIELDS.filter((field) => values[field] !== void 0).map((field) => [field, values[field]]));
  if (models.length > 0 && Object.keys(qualityValues).length > 0) {
    throw new PainterlyError("INVALID_OPTION", `${Object.keys(qualityValues).join(", ")} apply to --style columns (quality engine), not to --model presets.`);
  }
  const columns = models.length > 0 ? models.map((model) => ({ label: model, detail: PRESET_DESCRIPTIONS[model] })) : await Promise.all(styles.map(async (path) => ({ label: basename(path), image: (await readImage(path, { targetLongSidePx: cellPx })).rgb })));
  const rows = await Promise.all(contents.map(async (path) => {
    const image = await readImage(path, { targetLongSidePx: cellPx });
    const size2 = fitLongSide(image.rgb.width, image.rgb.height, cellPx);
    return { label: basename(path), path, image: (await resizeImage(image, size2.width, size2.height)).rgb };
  }));
  const total = rows.length * columns.length;
  const cells = [];
  let done = 0;
  for (const row of rows) {
    const line = [];
    for (const [index, column] of columns.entries()) {
      const common = { content: row.path, size: cellPx, strength: values.strength, originalColors: Boolean(values.originalColors), threads: values.threads };
      const image = models.length > 0 ? await stylizeWithPreset(parseOptions(presetOptionsSchema, { ...common, model: column.label }), { signal: context.signal }) : await stylize(parseOptions(stylizeOptionsSchema, { ...common, ...qualityValues, styles: [styles[index]] }), { signal: context.signal });
      line.push(image.rgb);
      done += 1;
      if (values.json)
        writeJsonEvent({ type: "cell", index: done, count: total, content: row.label, style: column.label });
      else if (!values.quiet)
        process.stderr.write(`cell ${done}/${total}: ${row.label} \xD7 ${column.label}
`);
    }
    cells.push(line);
  }
  const title = models.length > 0 ? "Painterly \u2014 fast-style presets (pretrained networks)" : `Painterly \u2014 quality engine (Gatys), weights: ${qualityValues.weights ?? "vgg19"}`;
  const size = await writeContactSheet(outputPath, title, rows, columns, cells, cellPx);
  if (values.json)
    writeJsonEvent({ type: "output", path: outputPath, ...size });
  else if (!values.quiet)
    process.stderr.write(`Wrote ${outputPath} (${size.widthPx}\xD7${size.heightPx})
`);
  return 0;
}
function expandModels(models) {
  return models.flatMap((model) => model === "all" ? [...FAST_STYLE_PRESETS] : [model]);
}
export {
  CONTACT_SHEET_HELP,
  runContactSheetCommand
};

/**
 * Draws the visualizer's result as one labelled picture: a title naming the layer and the weights,
 * then one row per unit with its strongest patches (each the exact receptive field, enlarged).
 */
import sharp, { type OverlayOptions } from 'sharp';
import { throwIfAborted } from '../engine/errors.js';
import { fromInterleaved, type RgbImage } from '../engine/image.js';
import { describeWeights, weightsLabel } from '../engine/network/describe.js';
import type { NetworkTable } from '../engine/network/types.js';
import type { PixelBox } from '../engine/visualize/receptive-field.js';
import { receptiveField } from '../engine/visualize/receptive-field.js';
import { DEFAULT_RECORDS_PER_UNIT } from '../engine/visualize/top-activations.js';
import { writeImage } from './image-io.js';
import { BOLD_GLYPH_WIDTH, escapeXml, fittedFontPx, GLYPH_WIDTH, svgDocument } from './svg-text.js';
import type { VisualizeResult } from './visualize.js';
import { loadSquareImage, NEUTRAL_RGB } from './visualize-images.js';

/** Pixel layout of the grid, fixed so the size of a grid is predictable. */
export const GRID_LAYOUT = {
  marginPx: 8,
  titleHeightPx: 48,
  labelWidthPx: 120,
  gapPx: 4,
  /** Patches smaller than this are enlarged by a whole factor (nearest neighbour: every pixel stays a crisp block). */
  minCellPx: 64,
  /** Patches larger than this are shrunk to it (Lanczos-3). */
  maxCellPx: 128,
} as const;

const BACKGROUND = '#1e1e1e';

/** Options of `writePatchGrid`. */
export interface PatchGridOptions {
  /** readImage's pixel limit for re-reading the images (as the visualization read them). */
  readonly maxPixels?: number;
  /** Cancels before the grid is written: nothing is written once it is aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Side of one patch cell on the grid for a receptive field of `fieldPx`: ×⌈64/field⌉ below 64 px,
 * as is up to 128 px, 128 px above.
 *
 * @example
 * patchCellPx(3) // → 66 (conv1_1, ×22)
 * patchCellPx(68) // → 68 (conv4_1)
 */
export function patchCellPx(fieldPx: number): number {
  if (fieldPx < GRID_LAYOUT.minCellPx) return fieldPx * Math.ceil(GRID_LAYOUT.minCellPx / fieldPx);
  return Math.min(fieldPx, GRID_LAYOUT.maxCellPx);
}

/**
 * Width and height of a grid with `rows` units of `layer`.
 *
 * @example
 * gridSizePx(VGG19, 'conv1_1', 16) // → { widthPx: 762, heightPx: 1180, cellPx: 66 }
 */
export function gridSizePx(network: NetworkTable, layer: string, rows: number): { widthPx: number; heightPx: number; cellPx: number } {
  const { marginPx, titleHeightPx, labelWidthPx, gapPx } = GRID_LAYOUT;
  const cellPx = patchCellPx(receptiveField(network, layer).sizePx);
  const columns = DEFAULT_RECORDS_PER_UNIT;
  return {
    cellPx,
    widthPx: 2 * marginPx + labelWidthPx + columns * cellPx + (columns - 1) * gapPx,
    heightPx: 2 * marginPx + titleHeightPx + rows * cellPx + Math.max(0, rows - 1) * gapPx,
  };
}

/**
 * Crops every record's receptive field from its (re-read, cover-resized) image — the part outside
 * the image filled with `NEUTRAL_RGB`, which is what the network's zero padding means — and writes
 * the grid to `path` (format from the extension, written atomically). Images are read one at a time.
 *
 * @example
 * await writePatchGrid('grid.png', result); // titled "… · max pooling" for a Darknet Tiny result
 */
export async function writePatchGrid(path: string, result: VisualizeResult, options: PatchGridOptions = {}): Promise<{ widthPx: number; heightPx: number }> {
  const { widthPx, heightPx, cellPx } = gridSizePx(result.weights.network, result.layer, result.units.length);
  const overlays: OverlayOptions[] = [{ input: Buffer.from(titleSvg(result, widthPx)), left: 0, top: 0 }];
  const cellLeft = (column: number): number => GRID_LAYOUT.marginPx + GRID_LAYOUT.labelWidthPx + column * (cellPx + GRID_LAYOUT.gapPx);
  const rowTop = (row: number): number => GRID_LAYOUT.marginPx + GRID_LAYOUT.titleHeightPx + row * (cellPx + GRID_LAYOUT.gapPx);
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
  const { data, info } = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: BACKGROUND } })
    .composite(overlays)
    .raw()
    .toBuffer({ resolveWithObject: true });
  throwIfAborted(options.signal, CANCELLED);
  await writeImage(path, fromInterleaved(data, info.width, info.height, info.channels));
  return { widthPx, heightPx };
}

const CANCELLED = 'The visualization was cancelled; no grid was written.';

/** Every patch to draw, grouped by the image it comes from, so each image is decoded once. */
function recordsByImage(result: VisualizeResult): Map<string, Array<{ row: number; column: number; box: PixelBox }>> {
  const groups = new Map<string, Array<{ row: number; column: number; box: PixelBox }>>();
  result.units.forEach((unit, row) => {
    unit.records.forEach((record, column) => {
      const uses = groups.get(record.image) ?? [];
      uses.push({ row, column, box: record.box });
      groups.set(record.image, uses);
    });
  });
  return groups;
}

/** The box cut out of `image` (outside: neutral colour), scaled to cellPx × cellPx, as interleaved RGB bytes. */
async function enlargedPatch(image: RgbImage, box: PixelBox, cellPx: number): Promise<Buffer> {
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
  if (box.width === cellPx && box.height === cellPx) return patch;
  return sharp(patch, { raw: { width: box.width, height: box.height, channels: 3 } })
    .resize(cellPx, cellPx, { kernel: cellPx > box.width ? 'nearest' : 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
}

/**
 * The grid's two title lines: the layer and its weights, then how the patches were found, the
 * receptive field and the pooling the network ran with.
 *
 * @example
 * gridTitle(result) // → { title: 'conv2_1 — …', details: '9 strongest activations per unit over 15 images at 224 px · receptive field 10 px · max pooling' }
 */
export function gridTitle(result: VisualizeResult): { title: string; details: string } {
  const field = receptiveField(result.weights.network, result.layer);
  const details = [
    `${DEFAULT_RECORDS_PER_UNIT} strongest activations per unit over ${result.imageCount} images at ${result.sizePx} px`,
    `receptive field ${field.sizePx} px`,
    `${result.pooling} pooling`,
  ].join(' · ');
  return { title: `${result.layer} — ${describeWeights(weightsLabel(result.weights))}`, details };
}

function titleSvg(result: VisualizeResult, widthPx: number): string {
  const { title, details } = gridTitle(result);
  const x = GRID_LAYOUT.marginPx;
  const room = widthPx - 2 * x;
  return svgDocument(widthPx, GRID_LAYOUT.titleHeightPx + GRID_LAYOUT.marginPx, [
    `<text x="${x}" y="24" font-size="${fittedFontPx(title, room, 16, BOLD_GLYPH_WIDTH)}" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${x}" y="44" font-size="${fittedFontPx(details, room, 12, GLYPH_WIDTH)}" fill="#bbbbbb">${escapeXml(details)}</text>`,
  ]);
}

function labelSvg(unit: number, maximum: number | undefined, heightPx: number): string {
  const middle = Math.round(heightPx / 2);
  const strength = maximum === undefined ? 'never active' : `max ${formatActivation(maximum)}`;
  return svgDocument(GRID_LAYOUT.labelWidthPx - GRID_LAYOUT.gapPx, heightPx, [
    `<text x="0" y="${middle - 2}" font-size="15" font-weight="bold">unit ${unit}</text>`,
    `<text x="0" y="${middle + 15}" font-size="12" fill="#bbbbbb">${escapeXml(strength)}</text>`,
  ]);
}

/** 1234.5 → "1235", 12.34 → "12.3", 0.01234 → "0.0123". */
function formatActivation(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(3);
}

/**
 * Draws a contact sheet: contents as rows, styles as columns, the originals in the first row and
 * column, every cell labelled. Pure layout over already-stylized images; see
 * src/cli/commands/contact-sheet.ts for how the cells are made.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { toInterleaved, type RgbImage } from '../engine/image.js';
import { escapeXml, fittedFontPx, GLYPH_WIDTH, BOLD_GLYPH_WIDTH, svgDocument } from './svg-text.js';
import { writeFileAtomic } from './atomic-write.js';

/** One column header: a style image, or (for presets) just a name and a line of text. */
export interface SheetColumn {
  readonly label: string;
  readonly detail?: string;
  readonly image?: RgbImage;
}

/** One row header: a content image and its label. */
export interface SheetRow {
  readonly label: string;
  readonly image: RgbImage;
}

/** Long side of a cell when the sheet gives none, px (`--cell-size`). */
export const DEFAULT_CELL_PX = 256;

/** Pixel layout of a sheet. */
export const SHEET_LAYOUT = { marginPx: 12, gapPx: 6, labelHeightPx: 22, titleHeightPx: 40 } as const;
const BACKGROUND = { r: 24, g: 24, b: 24 };

/**
 * Composes the sheet and writes it atomically as PNG/JPEG/WebP (from `path`'s extension via sharp).
 * `cells[row][column]` is the stylized image of content `row` in style `column`.
 *
 * @example await writeContactSheet('sheet.png', 'Presets', rows, columns, cells, 256);
 */
export async function writeContactSheet(
  path: string,
  title: string,
  rows: readonly SheetRow[],
  columns: readonly SheetColumn[],
  cells: ReadonlyArray<ReadonlyArray<RgbImage>>,
  cellPx: number,
): Promise<{ widthPx: number; heightPx: number }> {
  const { marginPx, gapPx, labelHeightPx, titleHeightPx } = SHEET_LAYOUT;
  const pitchX = cellPx + gapPx;
  const pitchY = cellPx + labelHeightPx + gapPx;
  const widthPx = 2 * marginPx + (columns.length + 1) * pitchX - gapPx;
  const heightPx = 2 * marginPx + titleHeightPx + (rows.length + 1) * pitchY - gapPx;
  const overlays: OverlayOptions[] = [
    textOverlay(marginPx, marginPx, widthPx - 2 * marginPx, titleHeightPx, title, 18, true),
  ];
  const place = async (image: RgbImage | undefined, column: number, row: number, label: string, detail?: string) => {
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
  await place(undefined, 0, 0, 'content ↓   style →');
  for (const [index, column] of columns.entries()) await place(column.image, index + 1, 0, column.label, column.detail);
  for (const [rowIndex, row] of rows.entries()) {
    await place(row.image, 0, rowIndex + 1, row.label);
    for (const [columnIndex, column] of columns.entries()) {
      await place(cells[rowIndex][columnIndex], columnIndex + 1, rowIndex + 1, `${column.label}`);
    }
  }
  const canvas = sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: BACKGROUND } }).composite(overlays);
  const extension = path.toLowerCase().split('.').pop();
  const encoded = extension === 'jpg' || extension === 'jpeg' ? canvas.jpeg({ quality: 90 }) : extension === 'webp' ? canvas.webp({ quality: 90 }) : canvas.png();
  await writeFileAtomic(path, await encoded.toBuffer());
  return { widthPx, heightPx };
}

async function fitIntoCell(image: RgbImage, cellPx: number): Promise<{ buffer: Buffer; width: number; height: number }> {
  const scale = cellPx / Math.max(image.width, image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const { data, info } = await sharp(Buffer.from(toInterleaved({ rgb: image }, 8)), { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { buffer: data, width: info.width, height: info.height };
}

function textOverlay(left: number, top: number, widthPx: number, heightPx: number, text: string, preferredPx: number, bold: boolean): OverlayOptions {
  const size = fittedFontPx(text, widthPx, preferredPx, bold ? BOLD_GLYPH_WIDTH : GLYPH_WIDTH);
  const element = `<text x="0" y="${Math.round(heightPx / 2 + size / 3)}" font-size="${size}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`;
  return { input: Buffer.from(svgDocument(widthPx, heightPx, [element])), left, top };
}

function wrappedTextOverlay(left: number, top: number, widthPx: number, heightPx: number, text: string): OverlayOptions {
  const fontPx = 13;
  const perLine = Math.max(8, Math.floor(widthPx / (fontPx * GLYPH_WIDTH)));
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const top0 = Math.round(heightPx / 2 - (lines.length * (fontPx + 4)) / 2 + fontPx);
  const elements = lines.map((line, index) => `<text x="6" y="${top0 + index * (fontPx + 4)}" font-size="${fontPx}" fill="#cccccc">${escapeXml(line)}</text>`);
  return { input: Buffer.from(svgDocument(widthPx, heightPx, elements)), left, top };
}

/**
 * A row of same-size pictures, each labelled underneath, under a title: the comparison pictures of
 * docs/video.md. (The contact sheet's layout has a header row for style images, which these lack.)
 */
import sharp, { type OverlayOptions } from 'sharp';
import { toInterleaved, type RgbImage } from '../../src/engine/image.js';
import { escapeXml, fittedFontPx, GLYPH_WIDTH, svgDocument } from '../../src/node/svg-text.js';

const MARGIN_PX = 10;
const GAP_PX = 6;
const TITLE_PX = 34;
const LABEL_PX = 24;

/**
 * Writes the strip as JPEG, each picture scaled to `cellWidthPx` wide.
 *
 * @example await writeLabelledStrip('out.jpg', 'Rates', [{ label: 'rate 1', image }], 384);
 */
export async function writeLabelledStrip(path: string, title: string, cells: readonly { label: string; image: RgbImage }[], cellWidthPx: number): Promise<void> {
  const { width, height } = cells[0].image;
  const cellHeightPx = Math.round((height / width) * cellWidthPx);
  const totalWidth = 2 * MARGIN_PX + cells.length * (cellWidthPx + GAP_PX) - GAP_PX;
  const totalHeight = 2 * MARGIN_PX + TITLE_PX + cellHeightPx + LABEL_PX;
  const text = (left: number, top: number, roomPx: number, roomHeightPx: number, words: string, preferredPx: number, bold: boolean): OverlayOptions => {
    const size = fittedFontPx(words, roomPx, preferredPx, GLYPH_WIDTH);
    const element = `<text x="0" y="${Math.round(roomHeightPx / 2 + size / 3)}" font-size="${size}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(words)}</text>`;
    return { input: Buffer.from(svgDocument(roomPx, roomHeightPx, [element])), left, top };
  };
  const overlays: OverlayOptions[] = [text(MARGIN_PX, MARGIN_PX, totalWidth - 2 * MARGIN_PX, TITLE_PX, title, 16, true)];
  for (const [index, cell] of cells.entries()) {
    const left = MARGIN_PX + index * (cellWidthPx + GAP_PX);
    const top = MARGIN_PX + TITLE_PX;
    const picture = await sharp(Buffer.from(toInterleaved({ rgb: cell.image }, 8)), { raw: { width, height, channels: 3 } }).resize(cellWidthPx, cellHeightPx, { kernel: 'lanczos3' }).png().toBuffer();
    overlays.push({ input: picture, left, top }, text(left, top + cellHeightPx, cellWidthPx, LABEL_PX, cell.label, 13, false));
  }
  await sharp({ create: { width: totalWidth, height: totalHeight, channels: 3, background: { r: 24, g: 24, b: 24 } } }).composite(overlays).jpeg({ quality: 88 }).toFile(path);
}

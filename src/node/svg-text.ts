/**
 * Text for pictures drawn with sharp: SVG overlays with escaped text and fonts shrunk to fit.
 */

/** Average advance of a DejaVu Sans glyph in ems (regular and bold), slightly generous, to shrink long titles so they fit. */
export const GLYPH_WIDTH = 0.6;
export const BOLD_GLYPH_WIDTH = 0.66;

/**
 * `preferredPx`, or smaller (not below 8 px) when `text` would be wider than `roomPx`.
 *
 * @example fittedFontPx('a long title', 80, 16, GLYPH_WIDTH) // → 11.1
 */
export function fittedFontPx(text: string, roomPx: number, preferredPx: number, glyphWidthEm: number): number {
  const fitting = roomPx / (text.length * glyphWidthEm);
  return Math.max(8, Math.min(preferredPx, Math.floor(fitting * 10) / 10));
}

/**
 * An SVG document of `widthPx × heightPx` holding `texts` (already-built `<text>` elements), white on transparent.
 *
 * @example sharp({ create: … }).composite([{ input: Buffer.from(svgDocument(200, 30, ['<text x="0" y="20">hi</text>'])), left: 0, top: 0 }])
 */
export function svgDocument(widthPx: number, heightPx: number, texts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}"><g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#ffffff">${texts.join('')}</g></svg>`;
}

/** Escapes text for SVG. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// dist/src/node/svg-text.js
var GLYPH_WIDTH = 0.6;
var BOLD_GLYPH_WIDTH = 0.66;
function fittedFontPx(text, roomPx, preferredPx, glyphWidthEm) {
  const fitting = roomPx / (text.length * glyphWidthEm);
  return Math.max(8, Math.min(preferredPx, Math.floor(fitting * 10) / 10));
}
function svgDocument(widthPx, heightPx, texts) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}"><g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#ffffff">${texts.join("")}</g></svg>`;
}
function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export {
  GLYPH_WIDTH,
  BOLD_GLYPH_WIDTH,
  fittedFontPx,
  svgDocument,
  escapeXml
};

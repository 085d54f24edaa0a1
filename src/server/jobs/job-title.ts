/**
 * The share-ready name of a job — photo × style(s), e.g. "golden-gate-bridge-fog × starry-night" — and
 * the file names its downloads get. Names come from the upload's original file name or the sample's
 * or preset's name.
 */
import type { GalleryItem } from '../gallery/item.js';
import type { JobSources } from '../api-types.js';

/** Joins the photo's and the styles' names. */
export const TITLE_SEPARATOR = ' × ';
/** Joins the names of several styles. */
export const STYLE_SEPARATOR = ' + ';

/**
 * A file or preset name as a title part: no extension, lower case, runs of spaces and underscores as '-'.
 *
 * @example
 * namePart('Golden Gate Bridge (fog).JPG') // → 'golden-gate-bridge-(fog)'
 */
export function namePart(fileName: string): string {
  const base = fileName.replace(/\.[a-z0-9]{1,5}$/i, '');
  return base.toLowerCase().trim().replace(/[\s_]+/g, '-').replace(/-{2,}/g, '-') || 'image';
}

/**
 * The title of a job made from `sources`.
 *
 * @example
 * titleOf({ content: { title: 'golden-gate', imageUrl }, styles: [{ title: 'starry-night' }, { title: 'the-scream' }] })
 * // → 'golden-gate × starry-night + the-scream'
 */
export function titleOf(sources: JobSources): string {
  return `${sources.content.title}${TITLE_SEPARATOR}${sources.styles.map((style) => style.title).join(STYLE_SEPARATOR)}`;
}

/**
 * The sources of an item written by an older version (no `sources` stored): ids stand in for names.
 *
 * @example
 * fallbackSources(item).styles[0].title // → 'udnie' for a fast job with the udnie preset
 */
export function fallbackSources(item: GalleryItem): JobSources {
  const { settings } = item;
  const content = { title: 'photo', imageUrl: `/api/uploads/${settings.content}/image` };
  if (settings.mode === 'fast') return { content, styles: [{ title: namePart(settings.preset), imageUrl: `/api/presets/${settings.preset}/sample` }] };
  return {
    content,
    styles: settings.styles.map((style) =>
      style.source === 'sample'
        ? { title: namePart(style.id), imageUrl: `/api/samples/${encodeURIComponent(style.id)}/thumbnail`, weight: style.weight }
        : { title: 'painting', imageUrl: `/api/uploads/${style.id}/image`, weight: style.weight },
    ),
  };
}

/**
 * `Content-Disposition` for a download named `title.ext`: RFC 6266 / 5987, the UTF-8 name in
 * `filename*` and an ASCII stand-in in `filename` for old clients. The name is safe on any file
 * system: characters Windows, macOS or Linux refuse become '-', and it neither starts with a dot
 * (a hidden file) nor ends with a dot or space (Windows drops them).
 *
 * @example
 * attachmentHeader('golden-gate × udnie', 'jpg')
 * // → `attachment; filename="golden-gate x udnie.jpg"; filename*=UTF-8''golden-gate%20%C3%97%20udnie.jpg`
 */
export function attachmentHeader(title: string, extension: string): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-').slice(0, 150).replace(/^[.\s]+|[.\s]+$/g, '');
  const name = `${base || 'painterly'}.${extension}`;
  const ascii = name.replace(/×/g, 'x').normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '-') || `painterly.${extension}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

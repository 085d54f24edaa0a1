/**
 * sharp (libvips), loaded on first use: about a tenth of a second of start-up that a command which
 * fails on its options, or never touches an image, should not pay.
 */
type Sharp = (typeof import('sharp'))['default'];

let loaded: Promise<Sharp> | undefined;

/** sharp's constructor function, loaded once. */
export function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((module) => module.default);
  return loaded;
}

// TEMPORARY stub until the flow branch lands.
import type { RgbImage } from '../image.js';
import type { FlowField } from './types.js';
export function warpImage(image: RgbImage, _flow: FlowField): RgbImage {
  return { width: image.width, height: image.height, data: image.data.slice() };
}

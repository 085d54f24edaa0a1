/**
 * VGG files people already have, known by their bytes. torchvision names each file after the
 * first 8 hex digits of its SHA-256 (and checks them on load); neural-style-pt's Caffe
 * conversions follow the same convention. So a file's digest says what it is and which input it
 * expects, whatever it is called now.
 */
import type { PreprocessingName } from '../../engine/vgg/preprocessing.js';

/** A published VGG weights file. */
export interface KnownWeightsFile {
  /** The first 8 hex digits of its SHA-256 (the digits in its published name). */
  readonly sha256Prefix: string;
  /** Its published name. */
  readonly fileName: string;
  readonly network: 'vgg19' | 'vgg16';
  readonly preprocessing: PreprocessingName;
  /** Who publishes it and what it is, for messages. */
  readonly origin: string;
}

/** The files recognised by digest. */
export const KNOWN_WEIGHT_FILES: readonly KnownWeightsFile[] = Object.freeze([
  { sha256Prefix: 'd01eb7cb', fileName: 'vgg19-d01eb7cb.pth', network: 'vgg19', preprocessing: 'caffe', origin: "neural-style-pt's VGG19 (the Caffe weights in torchvision's layout)" },
  { sha256Prefix: '00b39a1b', fileName: 'vgg16-00b39a1b.pth', network: 'vgg16', preprocessing: 'caffe', origin: "neural-style-pt's VGG16 (the Caffe weights in torchvision's layout)" },
  { sha256Prefix: 'dcbb9e9d', fileName: 'vgg19-dcbb9e9d.pth', network: 'vgg19', preprocessing: 'torchvision', origin: "torchvision's VGG19 (IMAGENET1K_V1, retrained by PyTorch)" },
  { sha256Prefix: '397923af', fileName: 'vgg16-397923af.pth', network: 'vgg16', preprocessing: 'torchvision', origin: "torchvision's VGG16 (IMAGENET1K_V1, retrained by PyTorch)" },
]);

/**
 * The known file with this SHA-256, if any.
 *
 * @example identifyWeightsFile('dcbb9e9d…')?.preprocessing // → 'torchvision'
 */
export function identifyWeightsFile(sha256Hex: string, known: readonly KnownWeightsFile[] = KNOWN_WEIGHT_FILES): KnownWeightsFile | undefined {
  const prefix = sha256Hex.slice(0, 8).toLowerCase();
  return known.find((file) => file.sha256Prefix === prefix);
}

/**
 * The two input conventions VGG weight files expect, by name. Which one a file needs is a fact
 * about how it was trained, not about its format: the Caffe-trained VGG (Keras, Caffe and
 * neural-style-pt's converted `.pth` files) takes BGR on 0–255 minus the Caffe means, while
 * torchvision's retrained VGG takes RGB on 0–1 normalised by the ImageNet mean and std.
 * Pure TypeScript: no Node imports.
 */
import type { NetworkTable, Preprocessing } from '../network/types.js';
import { CAFFE_MEAN_BGR } from './architecture.js';

/** The names users give (`preprocessing` option) and `load` events report. */
export const PREPROCESSING_NAMES = ['caffe', 'torchvision'] as const;
export type PreprocessingName = (typeof PREPROCESSING_NAMES)[number];

/** torchvision's ImageNet normalisation (RGB, on 0–1), as its model docs give it. */
export const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD_RGB = [0.229, 0.224, 0.225] as const;

/** Each convention as the engine's x' = (reorder(x)·scale − mean) / std. */
export const PREPROCESSINGS: Readonly<Record<PreprocessingName, Preprocessing>> = Object.freeze({
  caffe: { channelOrder: 'bgr', scale: 1, mean: CAFFE_MEAN_BGR },
  torchvision: { channelOrder: 'rgb', scale: 1 / 255, mean: IMAGENET_MEAN_RGB, std: IMAGENET_STD_RGB },
});

/** What each convention means, for messages and docs. */
export const PREPROCESSING_SUMMARIES: Readonly<Record<PreprocessingName, string>> = Object.freeze({
  caffe: 'BGR on 0–255 minus the Caffe means (Keras, Caffe and neural-style-pt VGG files)',
  torchvision: 'RGB on 0–1 normalised by the ImageNet mean and std (torchvision VGG files)',
});

/**
 * The table with another input convention (same layers).
 *
 * @example withPreprocessing(VGG19, 'torchvision').preprocessing.channelOrder // → 'rgb'
 */
export function withPreprocessing(table: NetworkTable, name: PreprocessingName): NetworkTable {
  return { ...table, preprocessing: PREPROCESSINGS[name] };
}

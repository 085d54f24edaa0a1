import { z } from 'zod';
import { isVggLayer } from '../engine/vgg/architecture.js';

/** A VGG19 conv layer name, conv1_1 … conv5_4. */
export const layerNameSchema = z
  .string()
  .refine(isVggLayer, { message: 'a VGG19 layer name (conv1_1 … conv5_4)' });

/**
 * Questions about a network's layer chain: which layers a run needs, where a name sits, and the
 * activation sizes the poolings leave.
 */
import { invalidOption } from '../errors.js';
import type { ConvLayerSpec, NetworkTable } from './types.js';

/** The names of `network`'s layers in forward order, for messages. */
export function layerNamesOf(network: NetworkTable): string[] {
  return network.layers.map((layer) => layer.name);
}

/**
 * The layer called `name`; an unknown name is an INVALID_OPTION that lists the valid ones.
 *
 * @example findLayer(VGG19, 'conv4_2').stage // → 4
 */
export function findLayer(network: NetworkTable, name: string, option = 'layer'): ConvLayerSpec {
  const layer = network.layers.find((candidate) => candidate.name === name);
  if (!layer) throw invalidOption(`a ${network.displayName} layer name (${describeLayerNames(network)})`, option, name);
  return layer;
}

/** `conv1_1, conv1_2, … conv5_4`-style summary of the valid names. */
export function describeLayerNames(network: NetworkTable): string {
  const names = layerNamesOf(network);
  return names.length <= 6 ? names.join(', ') : `${names[0]} … ${names.at(-1)}`;
}

/** The layers from the first up to and including the deepest of `needed` (all must exist). */
export function layersUpTo(network: NetworkTable, needed: readonly string[]): ConvLayerSpec[] {
  const deepest = Math.max(...needed.map((name) => network.layers.indexOf(findLayer(network, name))));
  return network.layers.slice(0, deepest + 1);
}

/** The deepest of `needed` in forward order. */
export function deepestLayer(network: NetworkTable, needed: readonly string[]): ConvLayerSpec {
  return layersUpTo(network, needed).at(-1)!;
}

/**
 * Spatial size after one 2×2 stride-2 pooling: ⌊n/2⌋ (VGG, Keras `valid`) or ⌈n/2⌉ (`same`).
 *
 * @example pooledSize(7, 'floor') // → 3
 * @example pooledSize(7, 'same')  // → 4
 */
export function pooledSize(size: number, padding: NetworkTable['poolPadding']): number {
  return padding === 'same' ? Math.ceil(size / 2) : Math.floor(size / 2);
}

/** Spatial size [height, width] of `layer`'s activation for an input of height×width. */
export function spatialSizeAt(network: NetworkTable, layer: string, height: number, width: number): [number, number] {
  let size: [number, number] = [height, width];
  for (let pools = findLayer(network, layer).stage - 1; pools > 0; pools--) {
    size = [pooledSize(size[0], network.poolPadding), pooledSize(size[1], network.poolPadding)];
  }
  return size;
}

/** The shortest image side that leaves `layer` at least one position per pooling halving: 2^(stage − 1). */
export function minimumShortSide(network: NetworkTable, layer: string): number {
  return 2 ** (findLayer(network, layer).stage - 1);
}

/**
 * Builds the chain's stage numbers and input widths from a compact list: each entry a layer and
 * whether a pooling precedes it. Input channels follow from the previous layer (3 for the first).
 *
 * @example chainLayers([{ name: 'conv1', kernelSize: 3, outChannels: 16, activation: RELU, pooledBefore: false }])
 */
export function chainLayers(entries: ReadonlyArray<Omit<ConvLayerSpec, 'inChannels' | 'stage'>>): ConvLayerSpec[] {
  let inChannels = 3;
  let stage = 1;
  return entries.map((entry) => {
    if (entry.pooledBefore) stage++;
    const layer = { ...entry, inChannels, stage };
    inChannels = entry.outChannels;
    return layer;
  });
}

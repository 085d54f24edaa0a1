/**
 * Streaming "strongest activations" per unit with non-maximum suppression, in bounded memory: each
 * image's activation is looked at once and dropped; only `perUnit` records per unit are kept.
 */
import { invalidOption, invalidValue } from '../errors.js';
import type { ActivationDims } from '../network/forward.js';

/** One activation of one unit: where (image index in the stream, position in the activation grid) and how strong. */
export interface ActivationRecord {
  readonly image: number;
  /** Column and row in the layer's activation grid (not image pixels; see `patchBox`). */
  readonly x: number;
  readonly y: number;
  readonly activation: number;
}

/** A unit's strongest records, strongest first (at most `perUnit`, fewer when the unit was rarely active). */
export interface UnitActivations {
  readonly unit: number;
  readonly records: readonly ActivationRecord[];
}

/** Options of `TopActivations`. */
export interface TopActivationsOptions {
  /** Channel indices to track. */
  readonly units: readonly number[];
  /** Records kept per unit; default 9. */
  readonly perUnit?: number;
  /**
   * Non-maximum suppression radius in activation positions: a candidate closer than this
   * (Chebyshev distance < radius) to a kept record of the same unit and image is rejected.
   * Use `suppressionRadius(layer)`; 1 disables suppression.
   */
  readonly radius: number;
}

/** Default number of records per unit: a 3×3 block of patches. */
export const DEFAULT_RECORDS_PER_UNIT = 9;

/**
 * Keeps, per unit, the `perUnit` strongest strictly positive activations over every image added,
 * at most one per neighbourhood of one image. The result equals greedy NMS over all positions of all
 * images at once: suppression only acts within an image, so each image's greedy picks (strongest
 * first, above the unit's current weakest kept record) are merged into the unit's sorted list.
 * Ties go to the earlier image, then to the earlier position in raster order.
 *
 * @example
 * const top = new TopActivations({ units: [0, 5], radius: suppressionRadius('conv2_1') });
 * top.add(0, activation.data, [channels, height, width]); // once per image
 * top.results() // → [{ unit: 0, records: [{ image, x, y, activation }, …] }, { unit: 5, … }]
 */
export class TopActivations {
  private readonly kept = new Map<number, ActivationRecord[]>();
  private readonly perUnit: number;
  private readonly radius: number;
  private mask = new Uint8Array(0);

  constructor(options: TopActivationsOptions) {
    this.perUnit = options.perUnit ?? DEFAULT_RECORDS_PER_UNIT;
    this.radius = options.radius;
    if (!Number.isInteger(this.perUnit) || this.perUnit < 1) throw invalidOption('a positive integer', 'perUnit', this.perUnit);
    if (!Number.isInteger(this.radius) || this.radius < 1) throw invalidOption('a positive integer', 'radius', this.radius);
    for (const unit of options.units) this.kept.set(unit, []);
  }

  /** Considers one image's activation: all `dims[0]` units, planar [C,h,w] (batch of one). */
  add(image: number, activation: Float32Array, dims: ActivationDims): void {
    const [channels, height, width] = dims;
    const planeSize = height * width;
    if (activation.length !== channels * planeSize) {
      throw invalidValue(`${channels * planeSize} values (${dims.join('×')})`, 'activation', `${activation.length} values`);
    }
    if (this.mask.length !== planeSize) this.mask = new Uint8Array(planeSize);
    for (const [unit, kept] of this.kept) {
      if (unit < 0 || unit >= channels) throw invalidOption(`a unit below ${channels}`, 'unit', unit);
      const plane = activation.subarray(unit * planeSize, (unit + 1) * planeSize);
      const picks = this.greedyPicks(image, plane, width, height, kept);
      if (picks.length > 0) this.kept.set(unit, mergeSorted(kept, picks, this.perUnit));
    }
  }

  /** Every tracked unit's records, in the order the units were given. */
  results(): UnitActivations[] {
    return [...this.kept].map(([unit, records]) => ({ unit, records: [...records] }));
  }

  /** Strongest positions of one plane, greedily suppressing neighbourhoods, above what `kept` already holds. */
  private greedyPicks(image: number, plane: Float32Array, width: number, height: number, kept: readonly ActivationRecord[]): ActivationRecord[] {
    const floor = kept.length < this.perUnit ? 0 : kept[this.perUnit - 1].activation;
    const picks: ActivationRecord[] = [];
    while (picks.length < this.perUnit) {
      let best = -1;
      let bestValue = floor;
      for (let i = 0; i < plane.length; i++) {
        if (plane[i] > bestValue && this.mask[i] === 0) {
          best = i;
          bestValue = plane[i];
        }
      }
      if (best < 0) break;
      const record = { image, x: best % width, y: Math.floor(best / width), activation: bestValue };
      picks.push(record);
      this.markNeighbourhood(record, width, height, 1);
    }
    for (const record of picks) this.markNeighbourhood(record, width, height, 0);
    return picks;
  }

  private markNeighbourhood(record: ActivationRecord, width: number, height: number, value: 0 | 1): void {
    const reach = this.radius - 1;
    const left = Math.max(0, record.x - reach);
    const right = Math.min(width - 1, record.x + reach);
    for (let y = Math.max(0, record.y - reach); y <= Math.min(height - 1, record.y + reach); y++) {
      this.mask.fill(value, y * width + left, y * width + right + 1);
    }
  }
}

/** The `limit` strongest of two lists sorted strongest first; on ties `older` comes first. */
function mergeSorted(older: readonly ActivationRecord[], newer: readonly ActivationRecord[], limit: number): ActivationRecord[] {
  const merged: ActivationRecord[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < limit && (i < older.length || j < newer.length)) {
    const takeOlder = j >= newer.length || (i < older.length && older[i].activation >= newer[j].activation);
    merged.push(takeOlder ? older[i++] : newer[j++]);
  }
  return merged;
}

/**
 * The `count` units with the highest maximum activation (their first record), strongest first;
 * ties go to the lower unit index. Units never active rank last.
 *
 * @example
 * pickTopUnits(top.results(), 16) // the 16 most strongly firing units of the layer
 */
export function pickTopUnits(results: readonly UnitActivations[], count: number): UnitActivations[] {
  const maximum = (entry: UnitActivations): number => entry.records[0]?.activation ?? 0;
  return [...results].sort((a, b) => maximum(b) - maximum(a) || a.unit - b.unit).slice(0, count);
}

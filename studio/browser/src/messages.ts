/**
 * What the page and its paint worker say to each other. Images travel as files (the visitor's own
 * `File` objects, cloned into the worker, never sent anywhere) and come back as RGBA pixels.
 */
import type { FastStyleEvent } from '../../../src/engine/fast/events.js';
import type { GatysEvent, SnapshotEvent } from '../../../src/engine/gatys/events.js';
import type { ModelFetchEvent } from './model-files.js';
import type { WebDevice, WebDeviceChoice } from './devices.js';

/** A preset painting: options as `presetOptionsSchema` reads them (the content is the file). */
export interface PresetRequest {
  readonly mode: 'fast';
  readonly photo: Blob;
  readonly preset: string;
  readonly size?: number;
  readonly strength?: number;
  readonly originalColors?: boolean;
}

/** A quality painting with Darknet Tiny: options as `stylizeOptionsSchema` reads them. */
export interface QualityRequest {
  readonly mode: 'quality';
  readonly photo: Blob;
  readonly style: Blob;
  readonly size?: number;
  readonly iterations?: number;
  readonly strength?: number;
  readonly originalColors?: boolean;
  readonly seed?: number;
  /** Send a preview every N iterations (0: none). */
  readonly previewEvery?: number;
}

/** Where the engine runs and where the models come from. */
export interface PaintSetup {
  readonly device: WebDeviceChoice;
  readonly threads: number;
  readonly modelsUrl: string;
}

/** Page → worker. To cancel, the page ends the worker (see main.ts). */
export type ToWorker = { readonly type: 'paint'; readonly request: PresetRequest | QualityRequest; readonly setup: PaintSetup };

/** Pixels of an image (a preview or the result). */
export interface RgbaFrame {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** The runtime is ready: which provider runs the graphs, and why `auto` fell back when it did. */
export interface DeviceEvent {
  readonly type: 'device';
  readonly device: WebDevice;
  readonly threads: number;
  readonly notice?: string;
}

/** Every progress event the worker forwards (snapshots arrive as `preview` frames instead). */
export type PaintProgress = DeviceEvent | ModelFetchEvent | FastStyleEvent | Exclude<GatysEvent, SnapshotEvent> | { readonly type: 'preview'; readonly iteration: number; readonly frame: RgbaFrame };

/** Worker → page. */
export type FromWorker =
  | { readonly type: 'progress'; readonly event: PaintProgress }
  | { readonly type: 'done'; readonly frame: RgbaFrame; readonly device: WebDevice; readonly elapsedMs: number }
  | { readonly type: 'failed'; readonly code: string; readonly message: string };

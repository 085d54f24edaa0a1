/**
 * The JSON the studio API sends and accepts (docs/studio.md), declared once: the server builds its
 * responses with these types and the studio page imports them (`studio/src/types.ts` re-exports
 * this module). Types only: no runtime code, no imports, so the page's build never pulls in server code.
 *
 * @example
 * import type { JobView } from '../../src/server/api-types.js';
 * const title: JobView['title'] = 'golden-gate × starry-night';
 */

/** Where a job is. `interrupted`: the server stopped while the job was running. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
/** What an active job is doing. */
export type JobStage = 'waiting' | 'loading' | 'optimizing' | 'stylizing' | 'finishing' | 'cancelling';
export type Mode = 'fast' | 'quality';
/** The feature network a quality job asks for; `default` is the server's. */
export type WeightsChoice = 'default' | 'vgg19' | 'vgg16' | 'darknet-tiny' | 'random';

/** A style image of a quality job: a sample painting (by file name) or an upload (by id), with its blend weight. */
export interface StyleRef {
  readonly source: 'sample' | 'upload';
  readonly id: string;
  readonly weight: number;
}

/** The settings of a fast job, as stored with its gallery item. */
export interface FastSettings {
  readonly mode: 'fast';
  readonly content: string;
  readonly preset: string;
  readonly size: number;
  readonly originalColors: boolean;
  readonly strength: number;
}

/** The settings of a quality job as stored with its gallery item: every knob with its final value. */
export interface QualitySettings {
  readonly mode: 'quality';
  readonly content: string;
  readonly styles: readonly StyleRef[];
  readonly weights: WeightsChoice;
  readonly size: number;
  readonly iterations: number;
  /**
   * The style weight relative to the network's default, as asked; absent when the request gave an
   * exact `styleWeight` (and on jobs made before it existed).
   */
  readonly styleStrength?: number;
  /** β the job ran with: the network's default × `styleStrength`, or the exact weight asked for. */
  readonly styleWeight: number;
  readonly contentWeight: number;
  readonly tvWeight: number;
  readonly seed: number;
  readonly originalColors: boolean;
  readonly strength: number;
}

/** What a gallery item remembers of its job, enough to reopen and re-run it. */
export type JobSettings = FastSettings | QualitySettings;

/** A fast job as `POST /api/jobs` (and `POST /api/estimate`) take it; knobs left out take their defaults. */
export interface FastJobRequest {
  mode: 'fast';
  /** An upload id. */
  content: string;
  preset: string;
  size?: number;
  originalColors?: boolean;
  strength?: number;
}

/** A quality job as `POST /api/jobs` (and `POST /api/estimate`) take it; knobs left out take their defaults. */
export interface QualityJobRequest {
  mode: 'quality';
  content: string;
  styles: { source: 'sample' | 'upload'; id: string; weight?: number }[];
  weights?: WeightsChoice;
  size?: number;
  iterations?: number;
  /**
   * β relative to the chosen network's default style weight (default 1; > 0, at most 100): 2 paints
   * twice as much style on VGG19 and on Darknet Tiny alike. Not together with `styleWeight`.
   */
  styleStrength?: number;
  /** The exact style weight β, in the network's own units (as `painterly stylize --style-weight`). */
  styleWeight?: number;
  contentWeight?: number;
  tvWeight?: number;
  seed?: number;
  originalColors?: boolean;
  strength?: number;
}

/** A `POST /api/jobs` body. */
export type JobRequest = FastJobRequest | QualityJobRequest;

/** Progress of a job: iterations of a quality job, tiles of a fast one. */
export interface JobProgress {
  readonly unit: 'iteration' | 'tile';
  /** Steps done (iteration k, or tiles finished). */
  readonly iteration: number;
  /** Steps in all. */
  readonly iterations: number;
  /** The weighted cost J (quality jobs). */
  readonly loss?: number;
  readonly elapsedMs: number;
  /** Estimated time left, weighted by the cost of the steps still to run. */
  readonly etaMs?: number;
}

/** One picture a job is made from: its share-ready name and where to see it. */
export interface SourceImage {
  readonly title: string;
  readonly imageUrl: string;
}

/** What a job is made from: the photo and the painting(s) (a fast job lists its preset as the one style). */
export interface JobSources {
  readonly content: SourceImage;
  readonly styles: readonly { readonly title: string; readonly imageUrl?: string; readonly weight?: number }[];
}

/**
 * A job or gallery item.
 *
 * @example
 * { id, mode: 'fast', status: 'done', title: 'golden-gate × udnie', thumbnailUrl: '/api/gallery/…/thumbnail', … }
 */
export interface JobView {
  readonly id: string;
  readonly mode: Mode;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly settings: JobSettings;
  /** Share-ready name: photo × style(s), several styles joined with " + ". */
  readonly title: string;
  readonly sources: JobSources;
  /** ISO time the job (last) started running. */
  readonly startedAt?: string;
  /** The network weights the job used, e.g. `{ name: 'random', pretrained: false }` or the preset. */
  readonly weights?: { readonly name: string; readonly pretrained: boolean };
  /**
   * The result's size in px; `painted`: the size a stop-and-keep result from an earlier, smaller
   * scale was painted at (its file is enlarged to `width`×`height`).
   */
  readonly result?: { readonly width: number; readonly height: number; readonly painted?: { readonly width: number; readonly height: number } };
  /** Why the job failed; `field`: the request field at fault, when one is (as in ErrorBody). */
  readonly error?: { readonly code: string; readonly message: string; readonly field?: string };
  /**
   * How long the job has run in all, ms: across a resume (the runs before the interruption plus this
   * one), without the time the server was down. Live while it runs: as of this answer.
   */
  readonly elapsedMs?: number;
  readonly loss?: number;
  /** A "stop and keep" result: status `done`, the image is the last preview of the run. */
  readonly unfinished?: boolean;
  /** An interrupted quality job whose checkpoint is on disk: `POST /api/jobs/:id/resume` continues it. */
  readonly resumable?: boolean;
  readonly queuePosition?: number;
  readonly stage?: JobStage;
  readonly progress?: JobProgress;
  /**
   * An active job's estimated time, ms, until its first step reports progress (then
   * `progress.etaMs`): the same number `POST /api/estimate` gave for it.
   */
  readonly etaMs?: number;
  readonly preview?: { readonly iteration: number; readonly url: string };
  /** The result image (PNG), once done. */
  readonly imageUrl?: string;
  /** A small JPEG of the result (long side 480 px), once done. */
  readonly thumbnailUrl?: string;
}

/** One change of a job as streamed over SSE: what happened and the job's whole view after it. */
export interface JobEvent {
  readonly type: 'status' | 'load' | 'iteration' | 'preview';
  readonly job: JobView;
}

/** `POST /api/estimate` → the expected run time of a job before it starts. */
export interface EstimateResponse {
  readonly etaMs: number;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly cached: boolean;
}

export interface Sample {
  readonly name: string;
  readonly title: string;
}

export interface StudioConfig {
  readonly presets: readonly Preset[];
  readonly samples: readonly Sample[];
  readonly weights: { readonly default: string; readonly effective: string; readonly vgg19Cached: boolean; readonly darknetTinyCached: boolean };
  readonly limits: { readonly maxUploadBytes: number; readonly maxPixels: number; readonly maxSizePx: number; readonly maxStyles: number; readonly maxMegapixelIterations: number; readonly maxStyleStrength: number };
  readonly queue: { readonly qualityJobs: number; readonly fastJobs: number };
  /** What a job runs with when the request leaves a knob out (quality size and iterations: `painterly stylize`'s). */
  readonly defaults: {
    readonly fast: { readonly size: number };
    readonly quality: { readonly size: number; readonly iterations: number; readonly styleStrength: number };
  };
  /** A hosted deployment's page: people sign in (or continue as guests); absent on the local studio. */
  readonly accounts?: boolean;
  /** Hosted: who this browser is signed in as, null when nobody (the page then offers sign-in, sign-up and guest). */
  readonly account?: StudioAccount | null;
  /** Hosted, signed in by the session cookie: the token every state-changing request sends as `X-CSRF-Token`. */
  readonly csrfToken?: string;
  /** Whether "What the network sees" runs here (false: the page hides it); absent means it does. */
  readonly visualize?: boolean;
  /** Hosted: the password lengths sign-up and a new password take (characters), for the page's forms. */
  readonly passwordLength?: { readonly min: number; readonly max: number };
}

/** The signed-in account, as a hosted deployment's page shows it. */
export interface StudioAccount {
  readonly userId: string;
  /** A guest has no e-mail address or password (yet): it may create an account and keep its paintings. */
  readonly kind: 'guest' | 'member';
  readonly role: 'user' | 'admin';
  /** The sign-in address (members only). */
  readonly accountEmail?: string;
  /** Whether the sign-in address is verified (members only; the page offers a new verification e-mail while it is not). */
  readonly emailVerified?: boolean;
}

/** `POST /api/uploads` → the stored upload. */
export interface UploadInfo {
  readonly id: string;
  readonly format: string;
  /** Upright size of the stored image, px (after any scale-down). */
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** The browser's file name, for display only. */
  readonly name: string;
  readonly createdAt: string;
  /** Something the user should know, e.g. that a tiny photo gives a blurry result. */
  readonly warning?: string;
  /** The upright size as sent, when a large photo was scaled down instead of refused. */
  readonly scaledFrom?: { readonly width: number; readonly height: number };
}

export interface QueueCounts {
  readonly fast: { readonly running: number; readonly waiting: number };
  readonly quality: { readonly running: number; readonly waiting: number };
  readonly visualize: { readonly running: number; readonly waiting: number };
}

/** Which images "What the network sees" looks at. */
export type VisualizeImages = 'results' | 'photos' | 'both';

/** A `POST /api/visualize` body. */
export interface VisualizeRequest {
  layer: string;
  units?: string;
  topUnits?: number;
  weights?: WeightsChoice;
  images?: VisualizeImages;
  size?: number;
}

/** A "What the network sees" run, as the server shows it. */
export interface VisualizationView {
  readonly id: string;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly layer: string;
  /** The units asked for, as written (`0-7`); absent with `topUnits` or the default (the first 16). */
  readonly units?: string;
  readonly topUnits?: number;
  readonly source: VisualizeImages;
  readonly size: number;
  /** How many images the run looks at. */
  readonly images: number;
  /** `requested`: what the request said; `name`, `pretrained`, `network` (its display name, e.g. `Darknet Tiny`): what the worker loaded. */
  readonly weights: { readonly requested: string; readonly name?: string; readonly pretrained?: boolean; readonly network?: string };
  readonly progress?: { readonly image: number; readonly images: number; readonly elapsedMs: number };
  readonly result?: { readonly width: number; readonly height: number; readonly imageUrl: string };
  readonly elapsedMs?: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

/**
 * The JSON the studio API sends and accepts (see docs/studio.md), as the page uses it.
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type JobStage = 'waiting' | 'loading' | 'optimizing' | 'stylizing' | 'finishing' | 'cancelling';
export type Mode = 'fast' | 'quality';
export type WeightsChoice = 'default' | 'vgg19' | 'darknet-tiny' | 'random';

/** A style image of a quality job. */
export interface StyleRef {
  source: 'sample' | 'upload';
  id: string;
  weight: number;
}

export interface FastSettings {
  mode: 'fast';
  content: string;
  preset: string;
  size: number;
  originalColors: boolean;
  strength: number;
}

export interface QualitySettings {
  mode: 'quality';
  content: string;
  styles: StyleRef[];
  weights: WeightsChoice;
  size: number;
  iterations: number;
  styleWeight: number;
  contentWeight?: number;
  tvWeight?: number;
  seed?: number;
  originalColors: boolean;
  strength: number;
}

export type JobSettings = FastSettings | QualitySettings;

export interface JobProgress {
  unit: 'iteration' | 'tile';
  iteration: number;
  iterations: number;
  loss?: number;
  elapsedMs: number;
  etaMs?: number;
}

/** A job or gallery item. */
export interface JobView {
  id: string;
  mode: Mode;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  settings: JobSettings;
  weights?: { name: string; pretrained: boolean };
  result?: { width: number; height: number };
  error?: { code: string; message: string };
  elapsedMs?: number;
  loss?: number;
  queuePosition?: number;
  stage?: JobStage;
  progress?: JobProgress;
  preview?: { iteration: number; url: string };
  imageUrl?: string;
  /** Share-ready name: photo × style(s), e.g. "golden-gate × starry-night". */
  title?: string;
  /** The photo and the painting(s) the work was made from. */
  sources?: JobSources;
  /** A small JPEG of the result (long side 480 px). */
  thumbnailUrl?: string;
  /** A "stop and keep" result: the last preview, not the finished painting. */
  unfinished?: boolean;
  /** An interrupted quality job with a valid checkpoint. */
  resumable?: boolean;
  /** When the job started running (ISO time). */
  startedAt?: string;
}

/** What a work was made from. */
export interface JobSources {
  content: { title: string; imageUrl: string };
  styles: Array<{ title: string; imageUrl?: string; weight?: number }>;
}

export interface Preset {
  name: string;
  description: string;
  cached: boolean;
}

export interface Sample {
  name: string;
  title: string;
}

export interface StudioConfig {
  presets: Preset[];
  samples: Sample[];
  weights: { default: string; effective: string; vgg19Cached: boolean; darknetTinyCached: boolean };
  limits: { maxUploadBytes: number; maxPixels: number; maxSizePx: number; maxStyles: number; maxMegapixelIterations: number };
  queue: { qualityJobs: number; fastJobs: number };
}

export interface UploadInfo {
  id: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  name: string;
  /** e.g. a photo so small the result will be blurry. */
  warning?: string;
  /** Set when a large photo was scaled down instead of refused. */
  scaledFrom?: { width: number; height: number };
}

export interface QueueCounts {
  fast: { running: number; waiting: number };
  quality: { running: number; waiting: number };
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
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  layer: string;
  units?: string;
  topUnits?: number;
  source: VisualizeImages;
  size: number;
  images: number;
  weights: { requested: string; name?: string; pretrained?: boolean };
  progress?: { image: number; images: number; elapsedMs: number };
  result?: { width: number; height: number; imageUrl: string };
  elapsedMs?: number;
  error?: { code: string; message: string };
}

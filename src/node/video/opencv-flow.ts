/**
 * Dense optical flow with OpenCV's Farnebäck method, from `@techstark/opencv-js` (OpenCV compiled to
 * WebAssembly: no native binary, runs in Node and browsers alike). docs/video.md says why this and not
 * a hand-written flow, with the measurements. OpenCV is loaded once per process, on first use.
 */
import { createRequire } from 'node:module';
import type { RgbImage } from '../../engine/image.js';
import { resizeFlow } from '../../engine/video/flow-field.js';
import type { FlowEstimator, FlowField } from '../../engine/video/types.js';

/** The part of OpenCV.js used here. */
interface OpenCvMat {
  readonly data: Uint8Array;
  readonly data32F: Float32Array;
  rows: number;
  cols: number;
  delete(): void;
}
interface OpenCv {
  Mat: new (rows?: number, cols?: number, type?: number) => OpenCvMat;
  Size: new (width: number, height: number) => unknown;
  CV_8UC1: number;
  INTER_AREA: number;
  resize(source: OpenCvMat, target: OpenCvMat, size: unknown, fx: number, fy: number, interpolation: number): void;
  calcOpticalFlowFarneback(previous: OpenCvMat, next: OpenCvMat, flow: OpenCvMat, pyramidScale: number, levels: number, windowSize: number, iterations: number, polyN: number, polySigma: number, flags: number): void;
  onRuntimeInitialized?: () => void;
}

/** Farnebäck's parameters and the size the flow is computed at. */
export interface FarnebackOptions {
  /** The frames' long side is scaled to this before the flow is computed (never enlarged). */
  readonly maxSidePx: number;
  readonly pyramidScale: number;
  readonly levels: number;
  readonly windowSize: number;
  readonly iterations: number;
  readonly polyN: number;
  readonly polySigma: number;
}

/** Defaults chosen on the test clip (docs/video.md: endpoint error and time per flow). */
export const FARNEBACK_DEFAULTS: FarnebackOptions = { maxSidePx: 320, pyramidScale: 0.5, levels: 4, windowSize: 21, iterations: 3, polyN: 5, polySigma: 1.1 };

let loading: Promise<{ readonly cv: OpenCv }> | undefined;

/**
 * OpenCV.js, initialised (its WebAssembly runtime starts asynchronously). The module object is a
 * thenable that never settles, so it is handed over wrapped: a promise resolved with it would wait forever.
 */
function loadOpenCv(): Promise<{ readonly cv: OpenCv }> {
  loading ??= new Promise((resolve) => {
    const cv = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv;
    if (typeof cv.calcOpticalFlowFarneback === 'function') resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return loading;
}

/**
 * A flow estimator on OpenCV.js: frames become grey (Rec. 601 luma), are area-downscaled to
 * `maxSidePx` on their long side, Farnebäck runs there, and the flow is scaled back to the frame size.
 *
 * @example
 * const flow = await createOpencvFlowEstimator({ maxSidePx: 320 });
 * try { const backward = await flow.estimate(frame, previousFrame); } finally { flow.dispose(); }
 */
export async function createOpencvFlowEstimator(options: Partial<FarnebackOptions> = {}): Promise<FlowEstimator> {
  const settings = { ...FARNEBACK_DEFAULTS, ...options };
  const { cv } = await loadOpenCv();
  const mats: OpenCvMat[] = [];
  const own = (mat: OpenCvMat) => (mats.push(mat), mat);
  let grey: { full: [OpenCvMat, OpenCvMat]; small: [OpenCvMat, OpenCvMat]; flow: OpenCvMat; width: number; height: number } | undefined;
  const prepare = (width: number, height: number) => {
    if (grey && grey.width === width && grey.height === height) return grey;
    for (const mat of mats.splice(0)) mat.delete();
    const scale = Math.min(1, settings.maxSidePx / Math.max(width, height));
    const small = { width: Math.max(8, Math.round(width * scale)), height: Math.max(8, Math.round(height * scale)) };
    const full: [OpenCvMat, OpenCvMat] = [own(new cv.Mat(height, width, cv.CV_8UC1)), own(new cv.Mat(height, width, cv.CV_8UC1))];
    const reduced: [OpenCvMat, OpenCvMat] = scale === 1 ? full : [own(new cv.Mat(small.height, small.width, cv.CV_8UC1)), own(new cv.Mat(small.height, small.width, cv.CV_8UC1))];
    grey = { full, small: reduced, flow: own(new cv.Mat()), width, height };
    return grey;
  };
  return {
    async estimate(current, previous) {
      const { full, small, flow } = prepare(current.width, current.height);
      writeLuma(current, full[0].data);
      writeLuma(previous, full[1].data);
      if (small[0] !== full[0]) {
        const size = new cv.Size(small[0].cols, small[0].rows);
        cv.resize(full[0], small[0], size, 0, 0, cv.INTER_AREA);
        cv.resize(full[1], small[1], size, 0, 0, cv.INTER_AREA);
      }
      // Farnebäck's flow takes its first image to its second: current(p) ≈ previous(p + f(p)), a backward flow.
      cv.calcOpticalFlowFarneback(small[0], small[1], flow, settings.pyramidScale, settings.levels, settings.windowSize, settings.iterations, settings.polyN, settings.polySigma, 0);
      return resizeFlow(splitFlow(flow.data32F, small[0].cols, small[0].rows), current.width, current.height);
    },
    dispose() {
      for (const mat of mats.splice(0)) mat.delete();
      grey = undefined;
    },
  };
}

function writeLuma(image: RgbImage, target: Uint8Array): void {
  const plane = image.width * image.height;
  const { data } = image;
  for (let p = 0; p < plane; p++) target[p] = Math.min(255, Math.max(0, Math.round(0.299 * data[p] + 0.587 * data[plane + p] + 0.114 * data[2 * plane + p])));
}

function splitFlow(interleaved: Float32Array, width: number, height: number): FlowField {
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    dx[p] = interleaved[2 * p];
    dy[p] = interleaved[2 * p + 1];
  }
  return { width, height, dx, dy };
}

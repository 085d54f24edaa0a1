/**
 * A hand-written dense flow prototype for comparison with OpenCV's Farnebäck (bench/video.ts):
 * coarse-to-fine iterative Lucas–Kanade over typed arrays. Per pyramid level (factor 2), each iteration
 * warps the previous frame (and its gradients) by the current estimate, solves the 2×2 normal equations
 * of I_x du + I_y dv = current − warped summed over a box window, adds the step, and smooths the field
 * with the same box. Returns BACKWARD flow (see src/engine/video/types.ts). Not product code.
 */
import type { RgbImage } from '../src/engine/image.js';
import { resizeFlow } from '../src/engine/video/flow-field.js';
import type { FlowField } from '../src/engine/video/types.js';
import { warpImage } from '../src/engine/video/warp.js';

/** Prototype settings. */
export interface PyramidLkOptions {
  readonly levels: number;
  readonly iterations: number;
  readonly windowRadiusPx: number;
  /** Added to the structure tensor's diagonal: keeps flat regions from exploding. */
  readonly regularization: number;
  /** Pyramid levels left out at the fine end (1: stop at half size and enlarge the flow, like maxSidePx). */
  readonly skipFinestLevels?: number;
}

export const PYRAMID_LK_DEFAULTS: PyramidLkOptions = { levels: 4, iterations: 4, windowRadiusPx: 4, regularization: 20 };

interface Gray { width: number; height: number; data: Float32Array }

/**
 * Backward flow of `current` to `previous`.
 *
 * @example
 * const backward = estimatePyramidLk(frames[1], frames[0], PYRAMID_LK_DEFAULTS);
 */
export function estimatePyramidLk(current: RgbImage, previous: RgbImage, o: PyramidLkOptions): FlowField {
  const cur = pyramid(blur(toGray(current)), o.levels + (o.skipFinestLevels ?? 0));
  const prev = pyramid(blur(toGray(previous)), o.levels + (o.skipFinestLevels ?? 0));
  let flow = createFlowField(cur[cur.length - 1].width, cur[cur.length - 1].height);
  const stop = o.skipFinestLevels ?? 0;
  for (let level = cur.length - 1; level >= stop; level -= 1) {
    const c = cur[level], p = prev[level];
    if (flow.width !== c.width || flow.height !== c.height) flow = resizeFlow(flow, c.width, c.height);
    const n = c.width * c.height;
    const [cx, cy] = gradients(c);
    const [px, py] = gradients(p);
    const stacked = new Float32Array(3 * n);
    stacked.set(p.data, 0); stacked.set(px, n); stacked.set(py, 2 * n);
    const warped = new Float32Array(3 * n);
    const products = new Float32Array(5 * n);
    for (let iteration = 0; iteration < o.iterations; iteration += 1) {
      warped.set(warpImage({ width: c.width, height: c.height, data: stacked }, flow).data);
      for (let i = 0; i < n; i += 1) {
        const ix = 0.5 * (cx[i] + warped[n + i]), iy = 0.5 * (cy[i] + warped[2 * n + i]);
        const it = c.data[i] - warped[i];
        products[i] = ix * ix; products[n + i] = ix * iy; products[2 * n + i] = iy * iy;
        products[3 * n + i] = ix * it; products[4 * n + i] = iy * it;
      }
      boxFilter(products, 5, c.width, c.height, o.windowRadiusPx);
      for (let i = 0; i < n; i += 1) {
        const a = products[i] + o.regularization, b = products[n + i], d = products[2 * n + i] + o.regularization;
        const ex = products[3 * n + i], ey = products[4 * n + i];
        const det = a * d - b * b;
        flow.dx[i] += (d * ex - b * ey) / det;
        flow.dy[i] += (a * ey - b * ex) / det;
      }
      const planes = new Float32Array(2 * n);
      planes.set(flow.dx, 0); planes.set(flow.dy, n);
      boxFilter(planes, 2, c.width, c.height, 1);
      flow.dx.set(planes.subarray(0, n)); flow.dy.set(planes.subarray(n));
    }
  }
  return stop > 0 ? resizeFlow(flow, current.width, current.height) : flow;
}

function toGray(image: RgbImage): Gray {
  const n = image.width * image.height, d = image.data, data = new Float32Array(n);
  for (let i = 0; i < n; i += 1) data[i] = 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
  return { width: image.width, height: image.height, data };
}

/** Separable [1 4 6 4 1]/16 blur, edges repeated. */
function blur(g: Gray): Gray {
  const { width: w, height: h } = g, k = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16];
  const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) {
    let s = 0;
    for (let j = -2; j <= 2; j += 1) s += k[j + 2] * g.data[y * w + Math.min(w - 1, Math.max(0, x + j))];
    tmp[y * w + x] = s;
  }
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) {
    let s = 0;
    for (let j = -2; j <= 2; j += 1) s += k[j + 2] * tmp[Math.min(h - 1, Math.max(0, y + j)) * w + x];
    out[y * w + x] = s;
  }
  return { width: w, height: h, data: out };
}

function pyramid(base: Gray, levels: number): Gray[] {
  const out = [base];
  while (out.length < levels && Math.min(out[out.length - 1].width, out[out.length - 1].height) >= 16) {
    const g = blur(out[out.length - 1]);
    const w = Math.floor(g.width / 2), h = Math.floor(g.height / 2), data = new Float32Array(w * h);
    for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) {
      const i = 2 * y * g.width + 2 * x;
      data[y * w + x] = 0.25 * (g.data[i] + g.data[i + 1] + g.data[i + g.width] + g.data[i + g.width + 1]);
    }
    out.push({ width: w, height: h, data });
  }
  return out;
}

function gradients(g: Gray): [Float32Array, Float32Array] {
  const { width: w, height: h, data } = g, gx = new Float32Array(w * h), gy = new Float32Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) {
    const i = y * w + x;
    gx[i] = 0.5 * (data[y * w + Math.min(w - 1, x + 1)] - data[y * w + Math.max(0, x - 1)]);
    gy[i] = 0.5 * (data[Math.min(h - 1, y + 1) * w + x] - data[Math.max(0, y - 1) * w + x]);
  }
  return [gx, gy];
}

/** In-place box mean of radius r over each of `planes` planes, edges repeated (running sums). */
function boxFilter(data: Float32Array, planes: number, w: number, h: number, r: number): void {
  const line = new Float64Array(Math.max(w, h) + 2 * r + 1);
  const scale = 1 / (2 * r + 1);
  for (let p = 0; p < planes; p += 1) {
    const base = p * w * h;
    for (let y = 0; y < h; y += 1) runningMean(data, base + y * w, 1, w, r, line, scale);
    for (let x = 0; x < w; x += 1) runningMean(data, base + x, w, h, r, line, scale);
  }
}

function runningMean(data: Float32Array, start: number, stride: number, n: number, r: number, prefix: Float64Array, scale: number): void {
  prefix[0] = 0;
  for (let j = 0; j < n + 2 * r; j += 1) {
    const k = Math.min(n - 1, Math.max(0, j - r));
    prefix[j + 1] = prefix[j] + data[start + k * stride];
  }
  for (let j = 0; j < n; j += 1) data[start + j * stride] = (prefix[j + 2 * r + 1] - prefix[j]) * scale;
}

function createFlowField(width: number, height: number): FlowField {
  return { width, height, dx: new Float32Array(width * height), dy: new Float32Array(width * height) };
}

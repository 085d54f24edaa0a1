/**
 * What each fast preset paints: a small JPEG of a fixed scene (drawn here, so the studio needs no
 * photo of its own) stylized by the preset, made once through the job manager (the `fast` lane) and
 * kept under `<data>/preset-samples/<preset>.jpg`.
 */
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { FAST_STYLE_PRESETS, isCached, type FastStylePresetName } from '../node/model-store/index.js';
import { writeFileAtomic } from '../node/atomic-write.js';
import { encodeJpegThumbnail, renderSvgPng } from '../node/image-encode.js';
import { presetOptionsSchema } from '../options/preset-schema.js';
import { HttpError, notFound } from './http-errors.js';
import { newId } from './ids.js';
import type { JobManager } from './jobs/job-manager.js';
import type { FinalMessage } from './jobs/protocol.js';
import type { ServerOptions } from './server-options.js';

/** Long side of a preset sample, px. */
export const PRESET_SAMPLE_PX = 256;

/** The fixed scene: sky, sun, hills, a lake and a house; shapes and edges a style visibly repaints. */
const SCENE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="192">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4a7fc1"/><stop offset="1" stop-color="#f3d9a4"/></linearGradient></defs>
<rect width="256" height="192" fill="url(#sky)"/><circle cx="190" cy="52" r="22" fill="#ffd35a"/>
<path d="M0 120 Q60 70 120 112 T256 100 V192 H0Z" fill="#4f7d3a"/><path d="M0 150 Q90 125 256 150 V192 H0Z" fill="#2f6f8f"/>
<rect x="52" y="96" width="40" height="30" fill="#c8553d"/><path d="M46 98 L72 76 L98 98Z" fill="#6b2e1f"/><rect x="66" y="108" width="10" height="18" fill="#3b2a20"/>
</svg>`;

/**
 * The preset samples of one studio.
 *
 * @example
 * const jpeg = await presetSamples.sample('udnie'); // made on the first call, then read from disk
 */
export class PresetSamples {
  private readonly making = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly dir: string,
    private readonly jobs: JobManager,
    private readonly options: Pick<ServerOptions, 'threads' | 'maxPixels' | 'device'>,
  ) {}

  /** The sample JPEG of preset `name`; 404 when it is no preset or not downloaded. */
  async sample(name: string): Promise<Buffer> {
    if (!(FAST_STYLE_PRESETS as readonly string[]).includes(name)) throw notFound('preset', name);
    const preset = name as FastStylePresetName;
    const path = join(this.dir, `${preset}.jpg`);
    const cached = await fs.readFile(path).catch(() => undefined);
    if (cached) return cached;
    if (!(await isCached(preset))) throw new HttpError(404, 'NOT_FOUND', `The preset ${preset} is not downloaded, so it has no sample yet. Run \`painterly models download ${preset}\`, or use it once.`);
    let making = this.making.get(preset);
    if (!making) {
      making = this.make(preset, path).finally(() => this.making.delete(preset));
      this.making.set(preset, making);
    }
    return making;
  }

  private async make(preset: FastStylePresetName, path: string): Promise<Buffer> {
    await fs.mkdir(this.dir, { recursive: true });
    const scene = join(this.dir, 'scene.png');
    await writeFileAtomic(scene, await renderSvgPng(SCENE_SVG));
    const outputPath = join(this.dir, `${preset}.png`);
    const options = presetOptionsSchema.parse({ content: scene, model: preset, size: PRESET_SAMPLE_PX, maxPixels: this.options.maxPixels, device: this.options.device, ...(this.options.threads ? { threads: this.options.threads } : {}) });
    const final = await new Promise<FinalMessage>((resolve) => {
      this.jobs.enqueue({ id: newId(), lane: 'fast', workerJob: { kind: 'fast', options, outputPath }, record: { onStart: async () => undefined, onLoad: async () => undefined, onEnd: async (message) => resolve(message) } });
    });
    if (final.type !== 'done') throw new HttpError(500, 'ENGINE_FAILED', `The sample of ${preset} could not be painted (${final.type === 'failed' ? final.message : 'stopped'}). Try again.`);
    const jpeg = await encodeJpegThumbnail(outputPath, { quality: 82 });
    await writeFileAtomic(path, jpeg);
    await fs.rm(outputPath, { force: true });
    return jpeg;
  }
}

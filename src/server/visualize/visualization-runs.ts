/**
 * "What the network sees" runs: each run links the chosen studio images into a folder of its own and
 * is a `visualize` job of the one `JobManager` (its own lane, one run at a time, so the server and the
 * painting jobs stay responsive); the grid PNG is kept at `<data>/visualizations/<id>/grid.png`. Runs
 * live in memory; the folder is emptied when the server starts, and only the latest `MAX_KEPT_RUNS` are kept.
 */
import type { DeviceName } from '../../options/device.js';
import fs from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { VisualizationView } from '../api-types.js';
import { HttpError, notFound } from '../http-errors.js';
import { isId, newId } from '../ids.js';
import type { JobManager, JobRecord } from '../jobs/job-manager.js';
import type { FinalMessage, VisualizeWorkerJob } from '../jobs/protocol.js';
import { chooseNetwork } from '../../options/network-choice.js';
import type { VisualizeSource } from './visualize-request.js';

export type { VisualizationView };

/** Finished runs kept (with their grids); older ones are deleted. */
export const MAX_KEPT_RUNS = 20;

/** The file name of a run's grid. */
export const GRID_FILE = 'grid.png';

/** What a run is asked to do. */
export interface VisualizationSpec {
  readonly layer: string;
  readonly unitsText?: string;
  readonly units?: readonly number[];
  readonly topUnits?: number;
  readonly source: VisualizeSource;
  readonly size: number;
  /** The weights as requested (`default`, `vgg19`, `random`) and the `--weights` value they resolved to. */
  readonly weightsRequested: string;
  readonly weights: string;
  /** The image files to look at (gallery results, uploaded photos). */
  readonly imagePaths: readonly string[];
  readonly threads?: number;
  readonly device?: DeviceName;
}

interface Run {
  view: VisualizationView;
}

/**
 * The runs of one studio.
 *
 * @example
 * const runs = await VisualizationRuns.open('/data/visualizations', jobs);
 * const view = await runs.submit({ layer: 'conv1_1', source: 'results', size: 224, weightsRequested: 'random', weights: 'random', imagePaths });
 */
export class VisualizationRuns {
  private readonly runs = new Map<string, Run>();

  private constructor(
    readonly dir: string,
    private readonly jobs: JobManager,
  ) {}

  /** Empties (or makes) `dir`: grids of an earlier server are not kept. */
  static async open(dir: string, jobs: JobManager): Promise<VisualizationRuns> {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    return new VisualizationRuns(dir, jobs);
  }

  /** Queues a run; it starts when the runs before it ended. */
  async submit(spec: VisualizationSpec): Promise<VisualizationView> {
    // Chosen (and checked) here, once: the worker runs the choice as it is.
    const network = chooseNetwork(undefined, spec.weights);
    const id = newId();
    const folder = join(this.dir, id);
    const inputs = join(folder, 'inputs');
    await fs.mkdir(inputs, { recursive: true });
    // Links (copies where links are impossible): a gallery item deleted meanwhile cannot pull an image from under the run.
    const linked = await Promise.all(
      spec.imagePaths.map(async (path, index) => {
        const target = join(inputs, `${String(index).padStart(4, '0')}${extname(path).toLowerCase()}`);
        return fs.link(path, target).catch(() => fs.copyFile(path, target)).then(() => true, () => false);
      }),
    );
    const imageCount = linked.filter(Boolean).length;
    if (imageCount === 0) {
      await fs.rm(folder, { recursive: true, force: true });
      throw new HttpError(409, 'CONFLICT', 'The images just went away (deleted?): paint something first.', 'images');
    }
    const view: VisualizationView = {
      id,
      status: 'queued',
      createdAt: new Date().toISOString(),
      layer: spec.layer,
      ...(spec.unitsText === undefined ? {} : { units: spec.unitsText }),
      ...(spec.topUnits === undefined ? {} : { topUnits: spec.topUnits }),
      source: spec.source,
      size: spec.size,
      images: imageCount,
      weights: { requested: spec.weightsRequested },
    };
    const run: Run = { view };
    this.runs.set(id, run);
    const job: VisualizeWorkerJob = {
      kind: 'visualize',
      images: inputs,
      layer: spec.layer,
      ...(spec.units === undefined ? {} : { units: spec.units }),
      ...(spec.topUnits === undefined ? {} : { topUnits: spec.topUnits }),
      sizePx: spec.size,
      network,
      ...(spec.threads === undefined ? {} : { threads: spec.threads }),
      ...(spec.device === undefined ? {} : { device: spec.device }),
      outputPath: join(folder, GRID_FILE),
    };
    this.jobs.enqueue({ id, lane: 'visualize', workerJob: job, record: this.record(run) });
    void this.prune();
    return view;
  }

  /** Run `id`; 404 when there is none (or `id` is not an id). */
  view(id: string): VisualizationView {
    return this.get(id).view;
  }

  /** Every run, newest first. */
  list(): VisualizationView[] {
    return [...this.runs.values()].map((run) => run.view).reverse();
  }

  /** The grid of run `id`; 409 until it is done. */
  gridPath(id: string): string {
    const { view } = this.get(id);
    if (view.status !== 'done') throw new HttpError(409, 'CONFLICT', `This visualization has no grid: it is ${view.status}.`);
    return join(this.dir, view.id, GRID_FILE);
  }

  /** Cancels run `id`: a queued one at once, a running one when its worker stops. 409 when it already ended. */
  async cancel(id: string): Promise<VisualizationView> {
    const run = this.get(id);
    if (!(await this.jobs.cancel(id))) {
      throw new HttpError(409, 'CONFLICT', `This visualization already ended (${run.view.status}); there is nothing to cancel.`);
    }
    return run.view;
  }

  private get(id: string): Run {
    const run = isId(id) ? this.runs.get(id) : undefined;
    if (!run) throw notFound('visualization', id);
    return run;
  }

  /** How the manager records run `run`: in its view, in memory. */
  private record(run: Run): JobRecord {
    let startedMs = 0;
    return {
      onStart: async () => {
        startedMs = performance.now();
        run.view = { ...run.view, status: 'running' };
      },
      onLoad: async (message) => {
        run.view = { ...run.view, weights: { ...run.view.weights, name: message.weights, pretrained: message.pretrained, ...(message.network ? { network: message.network } : {}) } };
      },
      onStep: (message) => {
        if (message.type === 'image') run.view = { ...run.view, progress: { image: message.index, images: message.images, elapsedMs: Math.round(performance.now() - startedMs) } };
      },
      onEnd: (final, shuttingDown) => this.finish(run, final, shuttingDown),
    };
  }

  private async finish(run: Run, final: FinalMessage, shuttingDown: boolean): Promise<void> {
    const { id } = run.view;
    if (final.type === 'done') {
      run.view = {
        ...run.view,
        status: 'done',
        result: { width: final.width, height: final.height, imageUrl: `/api/visualize/${id}/image` },
        elapsedMs: Math.round(final.elapsedMs),
      };
    } else if (final.type === 'failed') {
      run.view = { ...run.view, status: 'failed', error: { code: final.code, message: final.message } };
    } else if (shuttingDown) {
      run.view = { ...run.view, status: 'interrupted', error: { code: 'INTERRUPTED', message: 'The server stopped before this visualization finished.' } };
    } else {
      run.view = { ...run.view, status: 'cancelled' };
    }
    await fs.rm(join(this.dir, id, 'inputs'), { recursive: true, force: true }).catch(() => undefined);
  }

  /** Forgets (and deletes) the oldest finished runs beyond `MAX_KEPT_RUNS`. */
  private async prune(): Promise<void> {
    const finished = [...this.runs.values()].filter((run) => !['queued', 'running'].includes(run.view.status));
    for (const run of finished.slice(0, Math.max(0, this.runs.size - MAX_KEPT_RUNS))) {
      this.runs.delete(run.view.id);
      await fs.rm(join(this.dir, run.view.id), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/**
 * The gallery on disk: `<data>/gallery/<id>/settings.json` (+ `result.png` when done), one folder per
 * item named by its random id, every file written atomically. The store keeps the items in memory
 * and writes each change through. Opening it removes the temp files a killed server or worker left
 * in the folders (an image or record half written: never renamed into place), and records the jobs
 * that were running when the server stopped (a crash: a stop records them itself): a quality job as
 * `interrupted`, to resume from its checkpoint; a fast job, which has no checkpoint, as waiting again.
 * Waiting (`queued`) jobs stay so: `PaintingJobs.restore` queues them again.
 */
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { removeStaleTempFiles } from '../../node/temp-files.js';
import { notFound } from '../http-errors.js';
import { isId } from '../ids.js';
import { itemSchema, RESULT_FILE, SETTINGS_FILE, type GalleryItem } from './item.js';

/** Changes `update` may make (the id, mode and creation time never change). */
export type ItemPatch = Partial<Omit<GalleryItem, 'id' | 'mode' | 'createdAt' | 'settings'>>;

/**
 * The gallery of one data folder.
 *
 * @example
 * const gallery = await GalleryStore.open('/data/gallery');
 * await gallery.create({ id, mode: 'fast', status: 'queued', settings, createdAt, updatedAt: createdAt });
 */
export class GalleryStore {
  private readonly items = new Map<string, GalleryItem>();
  /** Per item, the last pending write, so writes of one item land in order. */
  private readonly writes = new Map<string, Promise<void>>();

  private constructor(readonly dir: string) {}

  /** Reads every item in `dir` (skipping folders that are not items), removes stale temp files, and records the jobs that were running as stopped. */
  static async open(dir: string, log: (message: string) => void = () => undefined): Promise<GalleryStore> {
    await fs.mkdir(dir, { recursive: true });
    const store = new GalleryStore(dir);
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !isId(entry.name)) continue;
      const item = await readItem(join(dir, entry.name, SETTINGS_FILE));
      if (!item || item.id !== entry.name) {
        log(`Skipping ${join(dir, entry.name)}: no readable ${SETTINGS_FILE}.`);
        continue;
      }
      store.items.set(item.id, item);
      // A live process's temp file (a worker of the killed server, still stopping) is left to it.
      await removeStaleTempFiles(join(dir, entry.name), () => true);
      if (item.status === 'running') await store.update(item.id, stoppedWhileRunning(item.mode));
    }
    return store;
  }

  /** Every item, newest first. */
  list(): GalleryItem[] {
    return [...this.items.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Item `id`, or undefined. */
  find(id: string): GalleryItem | undefined {
    return isId(id) ? this.items.get(id) : undefined;
  }

  /** Item `id`; 404 when there is none. */
  get(id: string): GalleryItem {
    const item = this.find(id);
    if (!item) throw notFound('gallery item', id);
    return item;
  }

  /** The folder of item `id` (made by `create`). */
  folder(id: string): string {
    return join(this.dir, this.get(id).id);
  }

  /** Where item `id`'s image is (or will be) written. */
  resultPath(id: string): string {
    return join(this.folder(id), RESULT_FILE);
  }

  /** Adds an item and writes its folder and record. */
  async create(item: GalleryItem): Promise<GalleryItem> {
    if (!isId(item.id)) throw new Error(`not an id: ${item.id}`);
    await fs.mkdir(join(this.dir, item.id), { recursive: true });
    this.items.set(item.id, item);
    await this.persist(item.id);
    return item;
  }

  /** Changes item `id` and writes its record; returns the new item. */
  async update(id: string, patch: ItemPatch): Promise<GalleryItem> {
    const updated: GalleryItem = { ...this.get(id), ...patch, updatedAt: new Date().toISOString() };
    this.items.set(id, updated);
    await this.persist(id);
    return updated;
  }

  /** Removes item `id` and its folder; 404 when there is none. */
  async delete(id: string): Promise<void> {
    const folder = this.folder(id);
    this.items.delete(id);
    await (this.writes.get(id) ?? Promise.resolve()).catch(() => undefined);
    await fs.rm(folder, { recursive: true, force: true });
  }

  /** Writes the current record of `id` after any pending write of it. */
  private persist(id: string): Promise<void> {
    const previous = this.writes.get(id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const item = this.items.get(id);
        if (item) await writeFileAtomic(join(this.dir, id, SETTINGS_FILE), Buffer.from(`${JSON.stringify(item, null, 2)}\n`));
      });
    this.writes.set(id, next);
    next.finally(() => {
      if (this.writes.get(id) === next) this.writes.delete(id);
    }).catch(() => undefined);
    return next;
  }
}

/**
 * What a job that was running when the server stopped becomes, after a crash (`GalleryStore.open`) or
 * a stop (`outcomePatch`): a quality job is interrupted, to resume from its checkpoint with `elapsedMs`
 * (undefined: as last written); a fast job, which has no checkpoint and takes seconds, waits again to
 * run from the start.
 *
 * @example stoppedWhileRunning('fast') // → { status: 'queued', startedAt: undefined, elapsedMs: undefined }
 */
export function stoppedWhileRunning(mode: GalleryItem['mode'], elapsedMs?: number): ItemPatch {
  if (mode === 'fast') return { status: 'queued', error: undefined, startedAt: undefined, elapsedMs: undefined };
  return {
    status: 'interrupted',
    error: { code: 'INTERRUPTED', message: 'The server stopped while this job was running; it continues from its checkpoint when the server starts again.' },
    resumeOnStart: true,
    ...(elapsedMs === undefined ? {} : { elapsedMs }),
  };
}

async function readItem(path: string): Promise<GalleryItem | undefined> {
  try {
    const parsed = itemSchema.safeParse(JSON.parse(await fs.readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

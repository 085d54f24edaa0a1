/**
 * A worker thread that calls the built store's `ensureModel(name, { env, registry })` from
 * `workerData` and posts `{ ok: true, path }` or `{ ok: false, message }`, as a studio job's worker
 * would. Plain JS over `dist/` (build first): worker threads do not inherit the tsx loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ensureModel } from '../../dist/src/node/model-store/store.js';

const { name, env, registry } = workerData;
ensureModel(name, { env, registry }).then(
  (path) => parentPort?.postMessage({ ok: true, path }),
  (error) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);

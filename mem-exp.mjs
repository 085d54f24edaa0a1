import { startStudioServer } from '/work/main/dist/src/server/start-server.js';
import { readFile } from 'node:fs/promises';
const kind = process.argv[2];
const studio = await startStudioServer({ port: 0, data: '/tmp/ps/memdata', weights: 'random', threads: 1 }, () => {});
const url = studio.url;
const up = await (await fetch(url + 'api/uploads', { method: 'POST', body: await readFile('/work/main/test/fixtures/content-32x24.png') })).json();
const body = kind === 'fast' ? { mode: 'fast', content: up.id, preset: 'udnie', size: 48 } : { mode: 'quality', content: up.id, styles: [{ source: 'upload', id: up.id }], size: 32, iterations: 2 };
const mb = () => (process.memoryUsage().rss / 1048576).toFixed(0);
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 4; i++) {
    const job = await (await fetch(url + 'api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    for (;;) { const v = await (await fetch(url + 'api/jobs/' + job.id)).json(); if (['done','failed','cancelled'].includes(v.status)) { if (v.status !== 'done') console.log(v); break; } await new Promise(r => setTimeout(r, 50)); }
  }
  globalThis.gc?.();
  await new Promise(r => setTimeout(r, 500));
  console.log(kind, 'after', (round + 1) * 4, 'jobs rss', mb());
}
await studio.close();

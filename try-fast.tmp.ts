import { readFileSync } from 'node:fs';
import { readFastStyleCheckpoint } from '/work/main/src/node/fast-checkpoint.js';
import { buildFastStyleGraph } from '/work/main/src/engine/fast/network-graph.js';
import { createOrtRuntime } from '/work/main/src/node/ort-runtime.js';
import { readImage } from '/work/main/src/node/image-io.js';
const ck = await readFastStyleCheckpoint('/work/shared/models/fast-style/udnie');
const golden = JSON.parse(readFileSync('/work/main/test/fixtures/fast-udnie-golden.json', 'utf8'));
const { rgb } = await readImage('/work/main/test/fixtures/fast-input-33x29.png');
const rt = createOrtRuntime({ threads: 2 });
for (const exposeStatistics of [false, true]) {
  const g = buildFastStyleGraph(ck, { height: rgb.height, width: rgb.width, normalization: { kind: 'instance', exposeStatistics } });
  const s = await rt.createSession(g.model);
  const out = await s.run({ [g.inputName]: { data: rgb.data, dims: g.dims } });
  const o = out[g.outputName];
  let max = 0, sum = 0;
  for (let i = 0; i < o.data.length; i++) { const d = Math.abs(o.data[i] - golden.output[i]); max = Math.max(max, d); sum += d; }
  console.log(exposeStatistics, o.dims, 'max', max, 'mean', sum / o.data.length);
  await s.release();
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressDisplay } from '../src/cli/progress-display.js';

function capture() {
  const chunks: string[] = [];
  const stream = { write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

test('multi-scale progress: a line per scale, and an ETA that weighs the steps left by their pixels', () => {
  const { stream, text } = capture();
  const display = new ProgressDisplay(stream, 'lines');
  const schedule = [
    { width: 100, height: 100, iterations: 10 },
    { width: 200, height: 200, iterations: 10 },
  ];
  display.update({ type: 'load', network: 'VGG19', weights: 'random:0', pretrained: false, width: 200, height: 200, schedule, provider: 'cpu', elapsedMs: 0 });
  display.update({ type: 'scale', scale: 0, scales: 2, width: 100, height: 100, iterations: 10, firstIteration: 0, tiles: 1, elapsedMs: 0 });
  // 1 s per step at 100×100; at iteration 4: 6 more steps there and 10 at 4× the pixels = 46 s.
  for (let k = 0; k <= 5; k++) display.update({ type: 'iteration', iteration: k, iterations: 20, loss: 1, content: 0, style: 0, tv: 0, elapsedMs: 1000 * k });
  for (let k = 6; k <= 9; k++) display.update({ type: 'iteration', iteration: k, iterations: 20, loss: 1, content: 0, style: 0, tv: 0, elapsedMs: 1000 * k });
  display.update({ type: 'scale', scale: 1, scales: 2, width: 200, height: 200, iterations: 10, firstIteration: 10, tiles: 3, elapsedMs: 10_000 });
  // The first step of a new scale has no timing yet: the previous scale's speed per pixel says 4 s a step.
  display.update({ type: 'iteration', iteration: 10, iterations: 20, loss: 1, content: 0, style: 0, tv: 0, elapsedMs: 10_000 });
  const output = text();
  assert.match(output, /Painting 200×200 px in 2 scales from 100×100/);
  assert.match(output, /untrained random weights/);
  assert.match(output, /iteration {1,2}4\/20 .*ETA 0:46/);
  assert.match(output, /Scale 2\/2: 200×200 px in 3 tiles, 10 iterations/);
  assert.match(output, /iteration 10\/20 .*0\.25 it\/s  ETA 0:40/);
});

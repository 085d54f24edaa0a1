/**
 * The studio server's small pure parts, without HTTP: the lane queue, ids, the job outcome helpers,
 * sample titles, loopback detection and when `painterly serve` relaunches itself.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isId, newId } from '../src/server/ids.js';
import { RemainingTimeEstimator, remainingCost, segmentsOfSchedule } from '../src/engine/progress/remaining-time.js';
import { outcomePatch, progressOf } from '../src/server/jobs/job-outcome.js';
import { attachmentHeader, namePart, titleOf as jobTitleOf } from '../src/server/jobs/job-title.js';
import { JobQueue } from '../src/server/jobs/queue.js';
import { ELAPSED_WRITE_MS, RunClock } from '../src/server/jobs/run-clock.js';
import { shouldRelaunch } from '../src/server/malloc-tuning.js';
import { titleOf } from '../src/server/samples.js';
import { isLoopback } from '../src/server/security.js';

/** A task the test finishes by hand. */
function manualTask(): { run: () => Promise<void>; started: () => boolean; finish: () => void } {
  let started = false;
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: () => {
      started = true;
      return done;
    },
    started: () => started,
    finish: () => finish(),
  };
}

describe('JobQueue', () => {
  test('runs each lane up to its limit, first in first out, and reports positions', async () => {
    const queue = new JobQueue({ fast: 2, quality: 1 });
    const tasks = ['q1', 'q2', 'f1', 'f2', 'f3'].map((id) => ({ id, task: manualTask() }));
    for (const { id, task } of tasks) queue.enqueue(id, id.startsWith('q') ? 'quality' : 'fast', task.run);
    const started = () => tasks.filter(({ task }) => task.started()).map(({ id }) => id);
    assert.deepEqual(started(), ['q1', 'f1', 'f2']);
    assert.deepEqual(queue.counts(), { fast: { running: 2, waiting: 1 }, quality: { running: 1, waiting: 1 }, visualize: { running: 0, waiting: 0 } });
    assert.equal(queue.position('q2'), 1);
    assert.equal(queue.position('f3'), 1);
    assert.equal(queue.position('q1'), undefined);
    tasks[0].task.finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(started().includes('q2'));
    assert.equal(queue.remove('f3'), true, 'a waiting task can be taken out');
    assert.equal(queue.remove('q2'), false, 'a running one cannot');
    const idle = queue.idle();
    for (const { task } of tasks) task.finish();
    await idle;
    assert.equal(tasks[4].task.started(), false);
  });

  test('a throwing task does not stop its lane', async () => {
    const queue = new JobQueue({ fast: 1, quality: 1 });
    let ran = false;
    queue.enqueue('a', 'fast', () => Promise.reject(new Error('boom')));
    queue.enqueue('b', 'fast', async () => {
      ran = true;
    });
    await queue.idle();
    assert.equal(ran, true);
  });
});

describe('ids', () => {
  test('new ids are v4 UUIDs, all different; nothing else passes as an id', () => {
    const ids = Array.from({ length: 100 }, newId);
    assert.equal(new Set(ids).size, 100);
    assert.ok(ids.every(isId));
    for (const bad of ['', '../x', 'ABCDEF00-0000-4000-8000-000000000000', `${ids[0]}/..`, `${ids[0]}\n`, 42, null]) assert.equal(isId(bad), false, String(bad));
  });
});

describe('job outcome helpers', () => {
  test('the remaining-time estimate times one segment and weighs the steps left by their cost', () => {
    const eta = new RemainingTimeEstimator([{ steps: 100, costPerStep: 1 }]);
    assert.equal(eta.observe(0, 1000), undefined);
    assert.equal(eta.observe(10, 2000), 9000);
    assert.equal(eta.observe(50, 6000), 5000);
    // Two scales: 10 steps of 1 px then 10 of 4 px; after 5 steps at 1 ms each, 5·1 + 10·4 = 45 ms left.
    const scales = new RemainingTimeEstimator(segmentsOfSchedule([{ width: 1, height: 1, iterations: 10 }, { width: 2, height: 2, iterations: 10 }]));
    scales.observe(0, 0);
    assert.equal(scales.observe(5, 5), 45);
    assert.deepEqual(remainingCost([{ steps: 10, costPerStep: 1 }, { steps: 10, costPerStep: 4 }], 10), { cost: 40, segmentsAfter: 0, segment: 1 });
  });

  test('progressOf reads iterations and tiles', () => {
    assert.deepEqual(progressOf({ type: 'tile', index: 2, count: 6, elapsedMs: 40 }, undefined), { unit: 'tile', iteration: 2, iterations: 6, elapsedMs: 40 });
    assert.deepEqual(progressOf({ type: 'iteration', iteration: 3, iterations: 9, loss: 7, elapsedMs: 5 }, undefined), { unit: 'iteration', iteration: 3, iterations: 9, loss: 7, elapsedMs: 5 });
  });

  test('outcomePatch records how a job ended and how long it ran; a shutdown interrupts a quality job (to resume) and puts a fast one back in the queue', () => {
    assert.deepEqual(outcomePatch({ type: 'done', width: 4, height: 3, elapsedMs: 9 }, false, 'fast', 10.6), { status: 'done', result: { width: 4, height: 3 }, elapsedMs: 11, error: undefined, resumeOnStart: undefined });
    assert.equal(outcomePatch({ type: 'done', width: 4, height: 3, elapsedMs: 1, unfinished: true }, false, 'quality', 1).unfinished, true);
    assert.deepEqual(outcomePatch({ type: 'failed', code: 'X', message: 'm' }, false, 'fast', 5), { status: 'failed', error: { code: 'X', message: 'm' }, elapsedMs: 5 });
    assert.deepEqual(outcomePatch({ type: 'cancelled' }, false, 'fast', 5), { status: 'cancelled', elapsedMs: 5 });
    assert.deepEqual(outcomePatch({ type: 'cancelled' }, false, 'fast', undefined), { status: 'cancelled' }, 'a waiting job never ran');
    assert.deepEqual(outcomePatch({ type: 'cancelled' }, true, 'fast', 5), { status: 'queued', error: undefined, startedAt: undefined, elapsedMs: undefined });
    const interrupted = outcomePatch({ type: 'cancelled' }, true, 'quality', 1234);
    assert.deepEqual([interrupted.status, interrupted.resumeOnStart, interrupted.elapsedMs], ['interrupted', true, 1234]);
  });

  test('RunClock counts on from the earlier runs and asks for a write every ELAPSED_WRITE_MS', () => {
    const clock = new RunClock(5_000, 100);
    assert.equal(clock.elapsedMs(100), 5_000);
    assert.equal(clock.elapsedMs(1_100.4), 6_000);
    assert.equal(clock.writeDue(100 + ELAPSED_WRITE_MS - 1), false);
    assert.equal(clock.writeDue(100 + ELAPSED_WRITE_MS), true);
    assert.equal(clock.writeDue(100 + ELAPSED_WRITE_MS + 1), false, 'written just now');
  });

  test('job titles and download names', () => {
    assert.equal(namePart('Golden Gate Bridge_fog.JPG'), 'golden-gate-bridge-fog');
    assert.equal(jobTitleOf({ content: { title: 'golden-gate', imageUrl: '' }, styles: [{ title: 'starry-night' }, { title: 'udnie' }] }), 'golden-gate × starry-night + udnie');
    assert.equal(attachmentHeader('golden-gate × udnie', 'jpg'), `attachment; filename="golden-gate x udnie.jpg"; filename*=UTF-8''golden-gate%20%C3%97%20udnie.jpg`);
  });
});

describe('small helpers', () => {
  test('titleOf makes a title from a file name', () => {
    assert.equal(titleOf('van_gogh_starry_night.jpg'), 'Van Gogh Starry Night');
    assert.equal(titleOf('la-muse 2.png'), 'La Muse 2');
  });

  test('isLoopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '192.168.1.2', 'evil.example', 'localhost.evil.example']) assert.equal(isLoopback(host), false, host);
  });

  test('serve relaunches once on Linux to fix the malloc mmap threshold, unless told otherwise', () => {
    assert.equal(shouldRelaunch({}, 'linux'), true);
    assert.equal(shouldRelaunch({}, 'darwin'), false);
    assert.equal(shouldRelaunch({ MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux'), false);
    assert.equal(shouldRelaunch({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072' }, 'linux'), false);
    assert.equal(shouldRelaunch({ PAINTERLY_SERVE_RELAUNCHED: '1' }, 'linux'), false);
    assert.equal(shouldRelaunch({ PAINTERLY_NO_RELAUNCH: '1' }, 'linux'), false);
  });
});

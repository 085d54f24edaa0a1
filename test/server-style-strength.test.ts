/**
 * A quality job's style strength over real HTTP, against the real server (`painterly serve`, from
 * `dist/`): `styleStrength` multiplies the style weight of the network the job actually runs
 * (NETWORKS[id].defaults in the registry), the gallery keeps both, an exact `styleWeight` still
 * wins, both at once or a strength that is no positive number are 400s naming `styleStrength`, and
 * `GET /api/config` hands the page the CLI's quality defaults. Darknet Tiny's real weights come from
 * the `../shared/models` mirror; tiny images keep it quick.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { NETWORKS } from '../src/engine/network/registry.js';
import { STYLIZE_DEFAULTS } from '../src/options/stylize-schema.js';
import { api, assertError, CONTENT_FIXTURE, startStudio, streamJob, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

const DARKNET_STYLE_WEIGHT = NETWORKS['darknet-tiny'].defaults.styleWeight;
const VGG19_STYLE_WEIGHT = NETWORKS.vgg19.defaults.styleWeight;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio();
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE), 'content.png');
});
after(async () => {
  await studio?.dispose();
});

/** A quality job of two iterations at 32 px with `knobs`. */
function qualityJob(knobs: Json): Json {
  return { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg', weight: 1 }], size: 32, iterations: 2, ...knobs };
}

/** Runs a job to its end and returns its gallery item's settings. */
async function storedSettings(knobs: Json): Promise<Json> {
  const response = await api<Json>(studio, '/api/jobs', { json: qualityJob(knobs) });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  const id = String(response.body.id);
  const last = (await streamJob(studio, id)).at(-1)!;
  assert.equal(last.data.status, 'done', JSON.stringify(last.data));
  const item = await api<Json>(studio, `/api/gallery/${id}`);
  return item.body.settings as Json;
}

describe('style strength', () => {
  test("styleStrength 2 on Darknet Tiny stores twice Darknet Tiny's default style weight, and the strength", async () => {
    const settings = await storedSettings({ weights: 'darknet-tiny', styleStrength: 2 });
    assert.equal(settings.styleStrength, 2);
    assert.equal(settings.styleWeight, 2 * DARKNET_STYLE_WEIGHT);
  });

  test("the same strength on VGG19 (random weights here) is twice VGG19's, another number", async () => {
    // The settings are resolved and stored when the job is accepted: the VGG19 job waits behind a
    // running Darknet Tiny one and is cancelled unrun (starting VGG19's untrained weights costs ~6 CPU s).
    const running = await api<Json>(studio, '/api/jobs', { json: qualityJob({ weights: 'darknet-tiny', iterations: 100_000 }) });
    assert.equal(running.status, 202, JSON.stringify(running.body));
    try {
      const response = await api<Json>(studio, '/api/jobs', { json: qualityJob({ weights: 'random', styleStrength: 2 }) });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      const id = String(response.body.id);
      assert.equal((await api<Json>(studio, `/api/jobs/${id}`)).body.status, 'queued');
      const settings = (await api<Json>(studio, `/api/gallery/${id}`)).body.settings as Json;
      assert.deepEqual(response.body.settings, settings, 'the job as accepted is the job as stored');
      assert.equal(settings.styleWeight, 2 * VGG19_STYLE_WEIGHT);
      assert.notEqual(settings.styleWeight, 2 * DARKNET_STYLE_WEIGHT);
      assert.equal((await api<Json>(studio, `/api/jobs/${id}/cancel`, { method: 'POST' })).body.status, 'cancelled');
    } finally {
      await api(studio, `/api/jobs/${running.body.id}/cancel`, { method: 'POST' });
      await streamJob(studio, String(running.body.id));
    }
  });

  test('no strength is strength 1: the network\u2019s own style weight', async () => {
    const settings = await storedSettings({ weights: 'darknet-tiny' });
    assert.deepEqual([settings.styleStrength, settings.styleWeight], [1, DARKNET_STYLE_WEIGHT]);
  });

  test("weights 'default' on a --weights auto server without VGG19: the strength multiplies Darknet Tiny's, the network it runs", async () => {
    const auto = await startStudio({ args: ['--weights', 'auto'] });
    try {
      const config = await api<{ weights: Json }>(auto, '/api/config');
      assert.equal(config.body.weights.effective, 'darknet-tiny', 'this machine has no VGG19 in the fresh store');
      const content = await upload(auto, await readFile(CONTENT_FIXTURE));
      const response = await api<Json>(auto, '/api/jobs', { json: { ...qualityJob({ weights: 'default', styleStrength: 0.5 }), content } });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      const settings = response.body.settings as Json;
      assert.deepEqual([settings.weights, settings.styleStrength, settings.styleWeight], ['default', 0.5, 0.5 * DARKNET_STYLE_WEIGHT]);
      await streamJob(auto, String(response.body.id));
    } finally {
      await auto.dispose();
    }
  });

  test('an exact styleWeight still wins, and no strength is stored', async () => {
    const settings = await storedSettings({ weights: 'darknet-tiny', styleWeight: 3 });
    assert.deepEqual([settings.styleStrength, settings.styleWeight], [undefined, 3]);
  });

  test('styleStrength and styleWeight together: a 400 naming styleStrength', async () => {
    const response = await api<Json>(studio, '/api/jobs', { json: qualityJob({ styleStrength: 2, styleWeight: 3 }) });
    assertError(response, 400, 'INVALID_OPTION', /styleStrength .*not both.*styleWeight 3/, 'styleStrength');
  });

  for (const bad of [0, -1, 'x']) {
    test(`styleStrength ${JSON.stringify(bad)}: a 400 naming styleStrength`, async () => {
      const response = await api<Json>(studio, '/api/jobs', { json: qualityJob({ styleStrength: bad }) });
      assertError(response, 400, 'INVALID_OPTION', new RegExp(`for styleStrength but received ${JSON.stringify(bad).replace(/[-"]/g, '\\$&')}`), 'styleStrength');
    });
  }
});

test("GET /api/config hands the page painterly stylize's size and iterations, and strength 1", async () => {
  const { body } = await api<{ defaults: { quality: Json } }>(studio, '/api/config');
  assert.deepEqual(body.defaults.quality, { size: STYLIZE_DEFAULTS.size, iterations: STYLIZE_DEFAULTS.iterations, styleStrength: 1 });
});

import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findModel } from '../src/node/model-store/registry.js';
import { recordVerified } from '../src/node/model-store/verdicts.js';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

/**
 * The default `--weights vgg19` path: the model store's cached Keras file. The real 80 MB file cannot
 * be downloaded here, so the committed tiny Keras-layout file stands in for it, padded to the
 * registry's byte size and recorded as verified (the store checks a cached file's checksum once per
 * size+mtime and keeps the verdict; a stand-in cannot have the real MD5). HDF5 readers ignore bytes
 * past the end the superblock records.
 */
test('stylize and visualize use the cached VGG19 from the model store by default', async () => {
  const home = await mkdtemp(join(tmpdir(), 'painterly-store-'));
  try {
    const cached = join(home, 'models', 'vgg19', 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5');
    await mkdir(join(home, 'models', 'vgg19'), { recursive: true });
    await copyFile(join(REPO_ROOT, 'test', 'fixtures', 'tiny-vgg19.h5'), cached);
    await truncate(cached, 80_134_624);
    const env = { PAINTERLY_HOME: home };
    await recordVerified(findModel('vgg19'), findModel('vgg19').files, env);

    const listed = await runCli(['models', 'list'], { env });
    assert.match(listed.stdout, /vgg19\s+cached/);

    const content = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
    const style = join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg');
    const stylized = await runCli(['stylize', content, '--style', style, '--size', '48', '-n', '2', '--json', '-o', join(home, 'out.png')], { env });
    assert.equal(stylized.code, 0, stylized.stderr);
    const load = parseJsonLines(stylized.stdout).find((event) => event.type === 'load');
    assert.equal(load?.weights, `keras-h5:${cached}`);

    const visualized = await runCli(['visualize', '--layer', 'conv1_1', '--units', '0-1', '--images', join(SHARED_IMAGES, 'content'), '--size', '32', '-o', join(home, 'grid.png'), '-q'], { env });
    assert.equal(visualized.code, 0, visualized.stderr);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

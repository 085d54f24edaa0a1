/**
 * `--device` as a user meets it, through the real CLI: what `auto` picks and says, the errors of a
 * device that cannot start (named, with the fix, nothing written), and the provider in `--json`.
 * SwiftShader stands in for a GPU (test/helpers/swiftshader.ts); "no Vulkan device" is a driver
 * list that names a missing file.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';
import { swiftShaderEnv, swiftShaderSkip } from './helpers/swiftshader.js';

const SHARED_MODELS = join(REPO_ROOT, '..', 'shared', 'models');
const CONTENT = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
const NO_VULKAN = { VK_DRIVER_FILES: '/nonexistent/none_icd.json', VK_ICD_FILENAMES: '/nonexistent/none_icd.json' };

let home: string;
let env: Record<string, string>;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'painterly-device-'));
  env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
});
after(() => rm(home, { recursive: true, force: true }));

const loadEvent = (stdout: string) => parseJsonLines(stdout).find((event) => event.type === 'load');

describe('--device', () => {
  it('refuses a device it does not know, listing the choices (exit 2)', async () => {
    const output = join(home, 'unknown.png');
    const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--device', 'gpu', '-o', output], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--device/);
    assert.match(result.stderr, /cpu.*webgpu.*cuda.*auto/);
    assert.ok(!existsSync(output));
  });

  it('cuda: a clear error naming the fix (the CUDA provider is not shipped), exit 1, nothing written', async () => {
    const output = join(home, 'cuda.png');
    const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--device', 'cuda', '-o', output], { env });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /The cuda device could not start: the CUDA provider library is not installed/);
    assert.match(result.stderr, /device webgpu/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.ok(!existsSync(output));
  });

  it('webgpu without a Vulkan device: a clear error naming the fix, exit 1, nothing written', async () => {
    const output = join(home, 'webgpu-none.png');
    const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--device', 'webgpu', '-o', output], { env: { ...env, ...NO_VULKAN } });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /The webgpu device could not start: no WebGPU adapter/);
    assert.match(result.stderr, /Vulkan driver/);
    assert.ok(!existsSync(output));
  });

  it('auto without a GPU: one notice naming each provider tried, the CPU runs, --json says cpu', async () => {
    const output = join(home, 'auto-cpu.png');
    const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--device', 'auto', '--json', '-o', output], { env: { ...env, ...NO_VULKAN } });
    assert.equal(result.code, 0, result.stderr);
    const notes = result.stderr.split('\n').filter((line) => line.startsWith('Note: device auto'));
    assert.equal(notes.length, 1, result.stderr);
    assert.match(notes[0], /running on the CPU \(cuda: the CUDA provider library is not installed; webgpu: no WebGPU adapter/);
    assert.equal(loadEvent(result.stdout)?.provider, 'cpu');
    assert.ok(existsSync(output));
  });

  it('the default is the CPU, and --json says so', async () => {
    const output = join(home, 'default.png');
    const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--json', '-o', output], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(loadEvent(result.stdout)?.provider, 'cpu');
    assert.doesNotMatch(result.stderr, /Note: device/);
  });

  describe('with a Vulkan device (SwiftShader)', { skip: swiftShaderSkip() }, () => {
    it('auto picks WebGPU without a notice, and --json says webgpu', async () => {
      const output = join(home, 'auto-webgpu.png');
      // A preset at 32 px: one graph (SwiftShader compiles each shader on the CPU; the quality graphs are checked in-process by webgpu-provider.test.ts).
      const result = await runCli(['stylize', CONTENT, '--model', 'udnie', '--size', '32', '--device', 'auto', '--json', '-o', output], { env: swiftShaderEnv(env), timeoutMs: 600_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(loadEvent(result.stdout)?.provider, 'webgpu');
      assert.doesNotMatch(result.stderr, /Note: device/);
      assert.ok(existsSync(output));
    });
  });
});

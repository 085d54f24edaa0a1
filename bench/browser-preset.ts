/**
 * `npm run bench:browser`: a fast preset at 512 px on the in-browser page (`studio/dist-browser`,
 * built by `npm run build`) in headless Chromium on WASM with 2 threads, the issue 23 target being
 * ≤ 3 s. Serves the page with `painterly serve --static-only` (models from ../shared/models), paints
 * the Golden Gate photo with udnie `--runs` times in one page and prints the worker's time per run:
 * decode, model fetch and check, session, network, finish. The first run also compiles the 28 MB
 * WebAssembly module. Options: `--device wasm|webgpu`, `--threads N`, `--size PX`, `--runs N`.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const TARGET_SECONDS = 3;
const { values } = parseArgs({ options: { device: { type: 'string', default: 'wasm' }, threads: { type: 'string', default: '2' }, size: { type: 'string', default: '512' }, runs: { type: 'string', default: '3' } } });
const repo = resolve(import.meta.dirname, '..');
const photo = resolve(repo, '../shared/images/content/golden_gate_bridge_fog.jpg');
const gpuFlags = values.device === 'webgpu' ? ['--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader'] : ['--disable-gpu'];

const server = spawn(process.execPath, [resolve(repo, 'bin/painterly.js'), 'serve', '--static-only', '--port', '0'], {
  env: { ...process.env, PAINTERLY_MODEL_MIRROR: resolve(repo, '../shared/models') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...gpuFlags] });
try {
  const url = await new Promise<string>((resolveUrl, reject) => {
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /(http:\/\/\S+)/.exec(chunk);
      if (match) resolveUrl(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`painterly serve --static-only exited (${code}): run npm run build first`)));
  });
  const page = await browser.newPage();
  await page.goto(`${url}?device=${values.device}&threads=${values.threads}`);
  await page.setInputFiles('#photo', photo);
  await page.selectOption('#preset', 'udnie');
  await page.fill('#size', values.size!);
  console.log(`udnie at ${values.size} px, ${values.device}, ${values.threads} threads; ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}`);
  for (let run = 1; run <= Number(values.runs); run++) {
    await page.evaluate(() => delete document.body.dataset.state);
    await page.click('#paint-button');
    await page.waitForFunction(() => document.body.dataset.state !== undefined, null, { timeout: 600_000 });
    const status = (await page.textContent('#status')) ?? '';
    const seconds = Number(/Done in ([\d.]+) s/.exec(status)?.[1] ?? NaN);
    console.log(`run ${run}: ${Number.isNaN(seconds) ? `${status} ${await page.textContent('#form-error')}` : `${seconds.toFixed(1)} s${run > 1 ? (seconds <= TARGET_SECONDS ? ' (target met)' : ` (target ≤ ${TARGET_SECONDS} s)`) : ' (includes compiling WebAssembly)'}`}`);
  }
} finally {
  await browser.close();
  server.kill('SIGINT');
}

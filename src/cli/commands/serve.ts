/**
 * `painterly serve`: starts the studio server and keeps it running until Ctrl-C.
 */
import type { CommandContext } from './context.js';
import { effectiveDefaultWeights } from '../../server/default-network.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine, type OptionSpec } from '../option-spec.js';
import { DEVICE_OPTION, THREADS_OPTION } from '../shared-options.js';
import { PainterlyError } from '../../engine/errors.js';
import { isCached } from '../../node/model-store/index.js';
import { DEFAULT_CHECKPOINT_EVERY } from '../../options/stylize-schema.js';
import { parseOptions } from '../../options/parse-options.js';
import { openBrowser } from '../../server/open-browser.js';
import { guardRepeatedSignals, relaunchWithFixedMmapThreshold, RELAUNCHED_ENV, shouldRelaunch, watchLauncher } from '../../server/malloc-tuning.js';
import { isLoopback } from '../../server/security.js';
import { SampleLibrary } from '../../server/samples.js';
import { DEFAULT_MAX_MEGAPIXEL_ITERATIONS, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT, DEFAULT_UPLOAD_MAX_PIXELS, serverOptionsSchema } from '../../server/server-options.js';
import { startWarnings } from '../../server/start-warnings.js';
import { apiNodeOptionsSchema, DEFAULT_JOBS_PER_HOUR, DEFAULT_MAIL_FROM } from '../../server/hosted/hosted-options.js';
import { HOSTED_CONNECTION_OPTIONS } from '../hosted-connection-options.js';
import type { StaticSiteOptions } from '../../server/static-site.js';

/** The most iterations the default cap allows at 2048×2048 px, e.g. "5,960". */
function maxIterationsAt2048(): string {
  return Math.floor(DEFAULT_MAX_MEGAPIXEL_ITERATIONS / (2048 * 2048 / 1e6)).toLocaleString('en-US');
}

/** Every option of `painterly serve`, in help order. Field names match `serverOptionsSchema`. */
export const SERVE_OPTIONS: readonly OptionSpec[] = [
  { flag: 'port', field: 'port', kind: 'number', short: 'p', placeholder: 'PORT', group: 'Server', description: 'Port to listen on; 0 picks a free one.', defaultText: String(DEFAULT_PORT) },
  { flag: 'host', field: 'host', kind: 'string', placeholder: 'ADDRESS', group: 'Server', description: 'Address to listen on. Anything but a loopback address lets other machines use the studio, and needs --allow-remote.', defaultText: '127.0.0.1' },
  { flag: 'allow-remote', field: 'allowRemote', kind: 'boolean', group: 'Server', description: 'Required with a non-loopback --host (e.g. 0.0.0.0): let other machines use the studio on purpose. Requests must still be addressed to this machine\'s host name or addresses (or an --allow-host name).' },
  { flag: 'allow-host', field: 'allowHosts', kind: 'string', repeatable: true, placeholder: 'NAME', group: 'Server', description: 'Also answer requests addressed to NAME (a host name or address, no port), e.g. a reverse proxy\'s name; repeatable. Every other Host or Origin is refused (403), which stops DNS rebinding.' },
  { flag: 'open', field: 'open', kind: 'boolean', group: 'Server', description: 'Open the studio in your browser.' },
  { flag: 'static-only', field: 'staticOnly', kind: 'boolean', group: 'Server', description: 'Serve only the in-browser page (built by `npm run build` into studio/dist-browser), which paints on the visitor\'s machine with WebGPU or WASM, and the cached model files (or PAINTERLY_MODEL_MIRROR\'s) under /models/: no API, no uploads, no jobs.' },
  { flag: 'samples', field: 'samples', kind: 'string', placeholder: 'DIR', group: 'Studio', description: 'A folder of paintings offered as styles (read in place, never copied).' },
  { flag: 'data', field: 'data', kind: 'string', placeholder: 'DIR', group: 'Studio', description: 'Where the gallery and uploads are kept.', defaultText: '<cache folder>/studio, e.g. $PAINTERLY_HOME/studio' },
  { flag: 'weights', field: 'weights', kind: 'string', placeholder: 'auto|vgg19|darknet-tiny|random|PATH', group: 'Studio', description: 'Default feature network of quality jobs: auto = VGG19 when downloaded, else Darknet Tiny (a real 4 MB ImageNet network, fetched on first use or from PAINTERLY_MODEL_MIRROR); random runs with untrained VGG19 weights (clearly lower quality); PATH = a VGG19 .h5, a .pth or .safetensors file Painterly knows by its SHA-256 (neural-style-pt\'s or torchvision\'s VGG19), or a TF.js model.json.', defaultText: 'auto' },
  { flag: 'max-upload-mb', field: 'maxUploadMb', kind: 'number', placeholder: 'MB', group: 'Limits', description: 'Largest upload.', defaultText: String(DEFAULT_MAX_UPLOAD_MB) },
  { flag: 'max-pixels', field: 'maxPixels', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Largest uploaded image in pixels.', defaultText: String(DEFAULT_UPLOAD_MAX_PIXELS) },
  { flag: 'max-megapixel-iterations', field: 'maxMegapixelIterations', kind: 'number', placeholder: 'N', group: 'Limits', description: `Largest quality job: iterations × output megapixels (the default allows ${maxIterationsAt2048()} iterations at 2048×2048 px).`, defaultText: String(DEFAULT_MAX_MEGAPIXEL_ITERATIONS) },
  { flag: 'quality-jobs', field: 'qualityJobs', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Quality jobs run at once; the rest wait in the queue.', defaultText: '1' },
  { flag: 'fast-jobs', field: 'fastJobs', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Fast jobs run at once, alongside quality jobs.', defaultText: '2' },
  { flag: 'preview-every', field: 'previewEvery', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Quality jobs send a preview every N iterations.', defaultText: '5' },
  { flag: 'checkpoint-every', field: 'checkpointEvery', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Quality jobs write their resumable checkpoint every N iterations (and when stopped), so a crash or restart loses at most N.', defaultText: String(DEFAULT_CHECKPOINT_EVERY) },
  { ...THREADS_OPTION, group: 'Limits' },
  ...HOSTED_CONNECTION_OPTIONS.map((spec) => ({ ...spec, description: `${spec.description} With all three, \`serve\` runs an API node of a hosted deployment instead of the studio (docs/service.md).` })),
  { flag: 'jobs-per-hour', field: 'jobsPerHour', kind: 'number', placeholder: 'N', group: 'Hosted deployment', description: 'Jobs each user may start per hour (more get 429 with Retry-After).', defaultText: String(DEFAULT_JOBS_PER_HOUR) },
  { flag: 'admin-email', field: 'adminEmail', kind: 'string', placeholder: 'ADDRESS', group: 'Hosted deployment', description: 'The account that signs in with ADDRESS is an admin (made so at start-up, or when it signs up): it may open the queue view at /admin/queues.' },
  { flag: 'cookie-secure', field: 'cookieSecure', kind: 'boolean', group: 'Hosted deployment', description: 'Mark the session cookie Secure on every request (behind a TLS proxy that sends no X-Forwarded-Proto); it is Secure on HTTPS requests anyway.' },
  { flag: 'smtp', field: 'smtp', kind: 'string', placeholder: 'URL', group: 'Hosted deployment', description: 'SMTP server of the account e-mails: address verification on sign-up and password resets (POST /api/password-resets), e.g. smtp://127.0.0.1:25. Without it accounts work but stay unverified, no job e-mails go out, and passwords cannot be reset by e-mail.' },
  { flag: 'mail-from', field: 'mailFrom', kind: 'string', placeholder: 'ADDRESS', group: 'Hosted deployment', description: 'Sender of the account e-mails.', defaultText: DEFAULT_MAIL_FROM },
  { flag: 'public-url', field: 'publicUrl', kind: 'string', placeholder: 'URL', group: 'Hosted deployment', description: 'The address people open the studio at, e.g. https://painterly.example.com: the verification and password-reset e-mails then carry a link to it (URL/#verify=TOKEN, URL/#reset=TOKEN) that the studio page takes. Without it they carry only the token and the API request that uses it (a link\'s host is never taken from a request, which could forge it). Give every API node the same.' },
  { flag: 'trust-proxy', field: 'trustProxy', kind: 'boolean', group: 'Hosted deployment', description: 'Behind a reverse proxy: count sign-in and sign-up limits by the client address the proxy appends to X-Forwarded-For (its last entry) instead of the connection\'s address. Only when clients cannot reach the node but through the proxy.' },
  { ...DEVICE_OPTION, group: 'Limits' },
  { flag: 'help', field: 'help', kind: 'boolean', short: 'h', group: 'Output', description: 'Show this help.' },
];

/** The options only an API node of a hosted deployment takes. */
const HOSTED_FIELDS = ['redis', 'database', 'storage', 'jobsPerHour', 'adminEmail', 'cookieSecure', 'smtp', 'mailFrom', 'publicUrl', 'trustProxy'] as const;

export const SERVE_HELP = formatHelp({
  usage: 'painterly serve [--port 8787] [--host 127.0.0.1] [--open] [--samples DIR] [options]',
  summary:
    'Starts the studio: a local web page to stylize photos with the fast presets or the quality optimization, with live progress, a job queue and a gallery kept on disk. Each job runs in its own worker process; stop the server with Ctrl-C: waiting jobs wait again after a restart, and interrupted quality jobs continue from their checkpoint.',
  options: SERVE_OPTIONS,
  examples: ['painterly serve --open', 'painterly serve --static-only --open', 'painterly serve --host 0.0.0.0 --allow-remote --allow-host studio.lan', 'painterly serve --samples ~/Pictures/paintings --weights random', 'PAINTERLY_MODEL_MIRROR=/media/usb/models painterly serve --port 9000'],
});

/** One line on the weights quality jobs use by default. */
async function weightsLine(serverWeights: string): Promise<string> {
  const weights = await effectiveDefaultWeights(serverWeights);
  if (weights === 'darknet-tiny') return `Quality jobs use Darknet Tiny (real ImageNet features, 4 MB${(await isCached('darknet-tiny')) ? '' : ', downloaded on first use'}) by default${serverWeights === 'auto' ? '; download VGG19 (`painterly models download vgg19`) for the classic look' : ''}.`;
  if (weights.startsWith('random')) return `Quality jobs use random (untrained) VGG19 weights by default: offline, clearly lower quality.`;
  if (weights !== 'vgg19') return `Quality jobs use the network in ${weights} by default.`;
  if (await isCached('vgg19')) return 'Quality jobs use the pretrained VGG19 weights by default.';
  return 'Quality jobs need the pretrained VGG19 weights, which are not downloaded: run `painterly models download vgg19`, or choose random weights in the page (or start with --weights random).';
}

/** `painterly serve`: runs until the context's signal (Ctrl-C) fires. */
export async function runServeCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(SERVE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new PainterlyError('INVALID_OPTION', `\`painterly serve\` takes no arguments but received ${positionals.join(' ')}. Run \`painterly serve --help\`.`);
  const { help: _help, ...rest } = values;
  if (HOSTED_FIELDS.some((field) => rest[field] !== undefined)) return runApiNode(rest, context);
  const options = parseOptions(serverOptionsSchema, rest, fieldNamer(SERVE_OPTIONS));
  if (options.staticOnly) return serveStaticOnly(options, context);
  if (shouldRelaunch()) return relaunchWithFixedMmapThreshold(context.signal);
  const unguard = process.env[RELAUNCHED_ENV] ? guardRepeatedSignals() : () => undefined;
  // The relaunched process stops when its launcher is gone (killed, even with SIGKILL).
  const unwatch = process.env[RELAUNCHED_ENV] ? watchLauncher() : () => undefined;
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const { startStudioServer } = await import('../../server/start-server.js');
  const studio = await startStudioServer(options, log);
  process.stdout.write(`Painterly studio: ${studio.url}\n`);
  log(`Gallery and uploads: ${studio.options.data}`);
  log(await weightsLine(studio.options.weights));
  for (const line of await startWarnings(studio.options, new SampleLibrary(studio.options.samples, studio.options.maxPixels))) log(line);
  if (!isLoopback(studio.options.host)) log(`Warning: listening on ${studio.options.host}; other machines on the network can use this studio (it answers to ${studio.hosts.join(', ')}).`);
  log('Press Ctrl-C to stop.');
  if (options.open) openBrowser(studio.url, log);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log('Stopping the studio…');
  await studio.close();
  unguard();
  unwatch();
  return 0;
}

/** `painterly serve --redis … --database … --storage …`: an API node of a hosted deployment, until Ctrl-C or SIGTERM. */
async function runApiNode(values: Record<string, unknown>, context: CommandContext): Promise<number> {
  const missing = HOSTED_CONNECTION_OPTIONS.filter((spec) => values[spec.field] === undefined).map((spec) => `--${spec.flag}`);
  if (missing.length > 0) throw new PainterlyError('INVALID_OPTION', `An API node of a hosted deployment needs --redis, --database and --storage; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing. Pass all three (docs/service.md), or none for the local studio.`);
  const options = parseOptions(apiNodeOptionsSchema, values, fieldNamer(SERVE_OPTIONS));
  if (!isLoopback(options.host) && !options.allowRemote) throw new PainterlyError('INVALID_OPTION', `Listening on ${options.host} lets other machines use this API node. Pass --allow-remote as well to do that on purpose, or leave out --host to listen on 127.0.0.1 only.`);
  const log = (message: unknown): void => void process.stderr.write(`${message instanceof Error ? (message.stack ?? message.message) : String(message)}\n`);
  // The hosted modules (BullMQ, S3, PostgreSQL) load only for an API node; the local studio never needs them.
  const { startApiNode } = await import('../../server/hosted/start-api-node.js');
  const node = await startApiNode(options, log);
  process.stdout.write(`Painterly API node: ${node.url}\n`);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log('Stopping the API node…');
  await node.close();
  return 0;
}

/** `painterly serve --static-only`: the in-browser page and the model files, until Ctrl-C. */
async function serveStaticOnly(options: StaticSiteOptions & { readonly open: boolean }, context: CommandContext): Promise<number> {
  const { startStaticSite } = await import('../../server/static-site.js');
  const site = await startStaticSite(options);
  process.stdout.write(`Painterly in your browser: ${site.url}\n`);
  process.stderr.write(`Model files from ${site.modelsFrom} at ${site.url}models/. Photos stay in the visitor's browser.\nPress Ctrl-C to stop.\n`);
  if (options.open) openBrowser(site.url, (message) => void process.stderr.write(`${message}\n`));
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await site.close();
  return 0;
}

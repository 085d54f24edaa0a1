/**
 * `painterly serve`: starts the studio server and keeps it running until Ctrl-C.
 */
import type { CommandContext } from './context.js';
import { effectiveDefaultWeights } from '../../server/default-network.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine } from '../option-spec.js';
import { PainterlyError } from '../../engine/errors.js';
import { isCached } from '../../node/model-store/index.js';
import { parseOptions } from '../../options/parse-options.js';
import { openBrowser } from '../../server/open-browser.js';
import { guardRepeatedSignals, relaunchWithFixedMmapThreshold, RELAUNCHED_ENV, shouldRelaunch, watchLauncher } from '../../server/malloc-tuning.js';
import { isLoopback } from '../../server/security.js';
import { SampleLibrary } from '../../server/samples.js';
import { serverOptionsSchema } from '../../server/server-options.js';
import { startWarnings } from '../../server/start-warnings.js';
import { apiNodeOptionsSchema } from '../../server/hosted/hosted-options.js';
import { SERVE_OPTIONS } from './serve-options.js';
import { HOSTED_CONNECTION_OPTIONS } from '../hosted-connection-options.js';
import type { StaticSiteOptions } from '../../server/static-site.js';

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

/**
 * `painterly worker --redis URL --database URL --storage URL`: a worker node of a hosted deployment.
 * It takes paintings from the shared queues until Ctrl-C or SIGTERM, then stops taking jobs and waits
 * for its running ones (a machine that dies instead loses nothing: another worker resumes its quality
 * jobs from their last checkpoint).
 */
import type { CommandContext } from './context.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine, type OptionSpec } from '../option-spec.js';
import { THREADS_OPTION } from '../shared-options.js';
import { PainterlyError } from '../../engine/errors.js';
import { parseOptions } from '../../options/parse-options.js';
import { DEFAULT_MAIL_FROM, workerNodeOptionsSchema } from '../../server/hosted/hosted-options.js';
import { HOSTED_CONNECTION_OPTIONS } from '../hosted-connection-options.js';


export const WORKER_OPTIONS: readonly OptionSpec[] = [
  ...HOSTED_CONNECTION_OPTIONS,
  { flag: 'quality-jobs', field: 'qualityJobs', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Quality jobs this worker runs at once.', defaultText: '1' },
  { flag: 'fast-jobs', field: 'fastJobs', kind: 'number', placeholder: 'N', group: 'Limits', description: 'Fast jobs this worker runs at once, alongside quality jobs.', defaultText: '2' },
  { ...THREADS_OPTION, group: 'Limits' },
  { flag: 'smtp', field: 'smtp', kind: 'string', placeholder: 'URL', group: 'Notifications', description: 'SMTP server for an e-mail when a job ends (to users who gave an address), e.g. smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465. Give every worker the same.' },
  { flag: 'mail-from', field: 'mailFrom', kind: 'string', placeholder: 'ADDRESS', group: 'Notifications', description: 'Sender of job e-mails.', defaultText: DEFAULT_MAIL_FROM },
  { flag: 'help', field: 'help', kind: 'boolean', short: 'h', group: 'Output', description: 'Show this help.' },
];

export const WORKER_HELP = formatHelp({
  usage: 'painterly worker --redis URL --database URL --storage URL [options]',
  summary:
    'Runs a worker node of a hosted deployment (docs/service.md): takes paintings from the shared queues and runs each in its own process, keeping its checkpoint in object storage, so a job whose worker machine dies continues on another worker. Start any number, on any machines; stop one with Ctrl-C.',
  options: WORKER_OPTIONS,
  examples: ['painterly worker --redis redis://10.0.0.2:6379 --database postgres://painterly@10.0.0.2/painterly --storage http://KEY:SECRET@10.0.0.3:9000/painterly'],
});

/** `painterly worker`: runs until the context's signal (Ctrl-C, SIGTERM) fires. */
export async function runWorkerCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(WORKER_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(WORKER_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new PainterlyError('INVALID_OPTION', `\`painterly worker\` takes no arguments but received ${positionals.join(' ')}. Run \`painterly worker --help\`.`);
  const { help: _help, ...rest } = values;
  const missing = HOSTED_CONNECTION_OPTIONS.filter((spec) => rest[spec.field] === undefined).map((spec) => `--${spec.flag}`);
  if (missing.length > 0) throw new PainterlyError('INVALID_OPTION', `\`painterly worker\` needs --redis, --database and --storage (the services every node of the deployment shares); ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Run \`painterly worker --help\`, or see docs/service.md.`);
  const options = parseOptions(workerNodeOptionsSchema, rest, fieldNamer(WORKER_OPTIONS));
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  // BullMQ, S3 and PostgreSQL load only when a worker starts (not for --help or a refused option).
  const { startWorkerNode } = await import('../../server/hosted/worker-node.js');
  const node = await startWorkerNode(options, log);
  process.stdout.write(`Painterly worker ${node.name} is taking jobs.\n`);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log('Stopping the worker: waiting for its running jobs…');
  await node.close();
  return 0;
}

/**
 * The flags of `painterly serve`, apart from the command: the CLI's error messages name any command's flag,
 * and reading them must not load the server (Hono, the job queue, sharp) into a command that only refuses an option.
 */
import type { OptionSpec } from '../option-spec.js';
import { DEVICE_OPTION, THREADS_OPTION } from '../shared-options.js';
import { DEFAULT_CHECKPOINT_EVERY } from '../../options/stylize-schema.js';
import { DEFAULT_MAX_MEGAPIXEL_ITERATIONS, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT, DEFAULT_UPLOAD_MAX_PIXELS } from '../../server/server-options.js';
import { DEFAULT_JOBS_PER_HOUR, DEFAULT_MAIL_FROM } from '../../server/hosted/hosted-options.js';
import { HOSTED_CONNECTION_OPTIONS } from '../hosted-connection-options.js';
import { formatCount } from '../../options/format-count.js';

/** The most iterations the default cap allows at 2048×2048 px, e.g. "5,960". */
function maxIterationsAt2048(): string {
  return formatCount(Math.floor(DEFAULT_MAX_MEGAPIXEL_ITERATIONS / (2048 * 2048 / 1e6)));
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


import {
  HOSTED_CONNECTION_OPTIONS
} from "./chunk-7UCADAM2.js";
import {
  DEFAULT_MAIL_FROM,
  workerNodeOptionsSchema
} from "./chunk-M7XC4JET.js";
import "./chunk-DCTALWFM.js";
import {
  fieldNamer,
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-CD6T25GO.js";
import {
  parseOptions
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import {
  THREADS_OPTION
} from "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/worker.js
var WORKER_OPTIONS = [
  ...HOSTED_CONNECTION_OPTIONS,
  { flag: "quality-jobs", field: "qualityJobs", kind: "number", placeholder: "N", group: "Limits", description: "Quality jobs this worker runs at once.", defaultText: "1" },
  { flag: "fast-jobs", field: "fastJobs", kind: "number", placeholder: "N", group: "Limits", description: "Fast jobs this worker runs at once, alongside quality jobs.", defaultText: "2" },
  { ...THREADS_OPTION, group: "Limits" },
  { flag: "smtp", field: "smtp", kind: "string", placeholder: "URL", group: "Notifications", description: "SMTP server for an e-mail when a job ends (to users who gave an address), e.g. smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465. Give every worker the same." },
  { flag: "mail-from", field: "mailFrom", kind: "string", placeholder: "ADDRESS", group: "Notifications", description: "Sender of job e-mails.", defaultText: DEFAULT_MAIL_FROM },
  { flag: "help", field: "help", kind: "boolean", short: "h", group: "Output", description: "Show this help." }
];
var WORKER_HELP = formatHelp({
  usage: "painterly worker --redis URL --database URL --storage URL [options]",
  summary: "Runs a worker node of a hosted deployment (docs/service.md): takes paintings from the shared queues and runs each in its own process, keeping its checkpoint in object storage, so a job whose worker machine dies continues on another worker. Start any number, on any machines; stop one with Ctrl-C.",
  options: WORKER_OPTIONS,
  examples: ["painterly worker --redis redis://10.0.0.2:6379 --database postgres://painterly@10.0.0.2/painterly --storage http://KEY:SECRET@10.0.0.3:9000/painterly"]
});
async function runWorkerCommand(argv, context) {
  const { values, positionals } = parseCommandLine(WORKER_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(WORKER_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new PainterlyError("INVALID_OPTION", `\`painterly worker\` takes no arguments but received ${positionals.join(" ")}. Run \`painterly worker --help\`.`);
  const { help: _help, ...rest } = values;
  const missing = HOSTED_CONNECTION_OPTIONS.filter((spec) => rest[spec.field] === void 0).map((spec) => `--${spec.flag}`);
  if (missing.length > 0)
    throw new PainterlyError("INVALID_OPTION", `\`painterly worker\` needs --redis, --database and --storage (the services every node of the deployment shares); ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing. Run \`painterly worker --help\`, or see docs/service.md.`);
  const options = parseOptions(workerNodeOptionsSchema, rest, fieldNamer(WORKER_OPTIONS));
  const log = (message) => void process.stderr.write(`${message}
`);
  const { startWorkerNode } = await import("./worker-node-F4WZFJFP.js");
  const node = await startWorkerNode(options, log);
  process.stdout.write(`Painterly worker ${node.name} is taking jobs.
`);
  await new Promise((resolve) => {
    if (context.signal.aborted)
      resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  log("Stopping the worker: waiting for its running jobs\u2026");
  await node.close();
  return 0;
}
export {
  WORKER_HELP,
  WORKER_OPTIONS,
  runWorkerCommand
};

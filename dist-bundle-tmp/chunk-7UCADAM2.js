// dist/src/cli/hosted-connection-options.js
var HOSTED_CONNECTION_OPTIONS = [
  { flag: "redis", field: "redis", kind: "string", placeholder: "URL", group: "Hosted deployment", description: "Redis 7 of the job queues (BullMQ), e.g. redis://127.0.0.1:6379." },
  { flag: "database", field: "database", kind: "string", placeholder: "URL", group: "Hosted deployment", description: "PostgreSQL of users, API keys, jobs and gallery items, e.g. postgres://painterly@127.0.0.1:5432/painterly (the schema is migrated at start)." },
  { flag: "storage", field: "storage", kind: "string", placeholder: "URL", group: "Hosted deployment", description: "S3-compatible object storage of uploads, results, previews and checkpoints: http(s)://ACCESS_KEY:SECRET@HOST:PORT/BUCKET." }
];

export {
  HOSTED_CONNECTION_OPTIONS
};

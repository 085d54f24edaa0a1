#!/usr/bin/env node
// A loopback S3-compatible store for trying a hosted deployment on one machine: s3rver (a dev
// dependency) serving one bucket from a folder. For real use, point --storage at S3, MinIO, Ceph, Garage…
// Usage: node scripts/service/s3-dev-server.mjs DIR PORT BUCKET
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

const [directory, port = '19000', bucket = 'painterly'] = process.argv.slice(2);
if (!directory) {
  console.error('Usage: node scripts/service/s3-dev-server.mjs DIR [PORT] [BUCKET]');
  process.exit(2);
}
mkdirSync(directory, { recursive: true });
const server = new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
await server.run();
console.log(`S3-compatible store: http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Prints the sha256 of every ONNX model a few short quality runs hand to ONNX Runtime, and of each
// run's output pixels, for a built tree (its dist/): run it on two trees and diff the outputs to show
// that a change to the engine's graph building left every graph and result bit for bit the same.
// Usage: node scripts/profile/graph-hashes.mjs [TREE (default: this one)] > hashes.txt
// Cases: VGG19 untrained at 64 px, at 300 px (three scales, two styles), w2 + max pooling at 96 px;
// Darknet Tiny untrained and real (../shared/models/darknet/tiny) at 96 px. A few CPU minutes.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const tree = resolve(process.argv[2] ?? new URL('../..', import.meta.url).pathname);
const shared = resolve(tree, '..', 'shared');
const content = `${shared}/images/content/cat_chelsea.jpg`;
const styles = ['van_gogh_starry_night.jpg', 'hokusai_great_wave.jpg'].map((name) => `${shared}/images/style/${name}`);
const cases = {
  'vgg19 64 px': { content, styles: [styles[0]], weights: 'random', size: 64, iterations: 5 },
  'vgg19 300 px, 3 scales, 2 styles': { content, styles, weights: 'random', size: 300, iterations: 3 },
  'vgg19 96 px w2 max': { content, styles: [styles[0]], weights: 'random', size: 96, iterations: 3, styleLoss: 'w2', pooling: 'max' },
  'darknet-tiny random 96 px': { content, styles: [styles[0]], network: 'darknet-tiny', weights: 'random', size: 96, iterations: 3 },
  'darknet-tiny real 96 px': { content, styles: [styles[0]], network: `${shared}/models/darknet/tiny/model.json`, size: 96, iterations: 3 },
};

// The tree's own onnxruntime-node, so the sessions its engine creates are the ones counted here.
const ort = await import(pathToFileURL(createRequire(`${tree}/package.json`).resolve('onnxruntime-node')).href);
const sha = (bytes) => createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex');
let models = [];
const create = ort.InferenceSession.create.bind(ort.InferenceSession);
ort.InferenceSession.create = (model, ...rest) => {
  if (model instanceof Uint8Array) models.push(`model ${model.length} ${sha(model)}`);
  return create(model, ...rest);
};
const { stylize } = await import(pathToFileURL(`${tree}/dist/src/node/stylize.js`).href);
for (const [name, options] of Object.entries(cases)) {
  models = [];
  const image = await stylize(options);
  console.log(`# ${name}\n${models.join('\n')}\nimage ${image.rgb.width}x${image.rgb.height} ${sha(image.rgb.data)}`);
}

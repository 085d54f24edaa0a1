/**
 * One `bench:quality` run in its own process, so its peak RSS is its own. Argument: a JSON object of
 * stylize options. Prints one JSON line: wall seconds, peak RSS before any extra evaluation, and with
 * `evaluate` the final image's J evaluated at single scale at the output size (the yardstick both runs
 * share), and the J the run itself reported at its end (`done`).
 */
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { prepareStylization, stylize } from '../src/node/stylize.js';
import { stylizeOptionsSchema } from '../src/options/stylize-schema.js';

const input = JSON.parse(process.argv[2]) as Record<string, unknown> & { evaluate?: boolean };
const { evaluate, ...rest } = input;
const options = stylizeOptionsSchema.parse(rest);
let doneLoss = Number.NaN;
const started = performance.now();
const result = await stylize(options, {
  onProgress: (event) => {
    if (event.type === 'done') doneLoss = event.loss;
  },
});
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
let finalLoss: number | null = null;
if (evaluate) {
  // The same yardstick for every run: J of the returned image at the output size, one scale.
  const single = await prepareStylization({ ...options, scales: 'single' });
  const scale = single.scales[single.scales.length - 1];
  const images = await single.imagesAt(scale, 0);
  const { runtime, weights, settings } = single;
  const evaluator = await createGatysLossEvaluator({ runtime, weights, ...images, selection: settings.selection, costWeights: settings.costWeights, styleLoss: settings.styleLoss });
  finalLoss = (await evaluator.evaluate(result.rgb.data)).terms.loss;
  await evaluator.release();
}
console.log(JSON.stringify({ seconds, peakRssMb, finalLoss, doneLoss, width: result.rgb.width, height: result.rgb.height }));

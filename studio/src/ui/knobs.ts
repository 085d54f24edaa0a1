/**
 * The key knobs: size, iterations and style strength (quality), how much of the painting shows and
 * original colours (both), and the feature network of quality jobs. The exact style strength (a
 * multiple of the network's own style weight β) sits under "Advanced". Each knob sits above its own
 * error slot.
 */
import { h } from '../dom';
import { errorSlot } from '../errors';
import { subscribe, update, type FormState } from '../state';
import type { StudioConfig, WeightsChoice } from '../types';
import { styleStrengthKnob } from './style-strength';

type NumberKnob = 'size' | 'iterations' | 'styleStrength' | 'strength';

interface KnobSpec {
  readonly field: NumberKnob;
  /** The number input's id, when `knob-FIELD` is taken (by the style strength steps). */
  readonly id?: string;
  readonly label: string;
  readonly hint: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly qualityOnly?: boolean;
}

/**
 * Renders the knobs into `container`.
 *
 * @example
 * renderKnobs(byId('knobs-section'), config);
 */
export function renderKnobs(container: HTMLElement, config: StudioConfig): void {
  const specs: KnobSpec[] = [
    { field: 'size', label: 'Size', hint: 'long side, px', min: 64, max: config.limits.maxSizePx, step: 16 },
    { field: 'iterations', label: 'Iterations', hint: 'more = closer to the style, slower', min: 1, max: 2000, step: 1, qualityOnly: true },
    { field: 'strength', label: 'Painting vs. photo', hint: '1 = all painting, 0 = the photo', min: 0, max: 1, step: 0.05 },
  ];
  const knobs = specs.map(numberKnob);
  const exactStrength = numberKnob({
    field: 'styleStrength',
    id: 'knob-styleStrength-exact',
    label: 'Style strength, exact',
    hint: '× the network’s own style weight β (1 = Balanced)',
    min: 0.05,
    max: config.limits.maxStyleStrength,
    step: 0.05,
    qualityOnly: true,
  });
  const advanced = h('details', { className: 'advanced' }, h('summary', {}, 'Advanced'), exactStrength.element);
  const colours = h('input', { type: 'checkbox', id: 'knob-originalColors', dataset: { field: 'originalColors' } });
  colours.addEventListener('change', () => update({ originalColors: colours.checked }));
  const weights = h('select', { id: 'knob-weights', dataset: { field: 'weights' } });
  const weightOptions: Array<[WeightsChoice, string]> = [
    ['default', `Server default (${networkTitle(config.weights.effective)})`],
    ['darknet-tiny', `Darknet Tiny: real ImageNet features, fast${config.weights.darknetTinyCached ? '' : ' (4 MB, fetched on first use)'}`],
    ['vgg19', `VGG19: the classic look${config.weights.vgg19Cached ? '' : ' (not downloaded)'}`],
    ['random', 'Untrained random VGG19 (a texture trial, lower quality)'],
  ];
  for (const [value, text] of weightOptions) weights.append(h('option', { value }, text));
  weights.addEventListener('change', () => update({ weights: weights.value as WeightsChoice }));
  const weightsRow = h('div', { className: 'knob' }, h('label', { htmlFor: weights.id }, 'Feature network'), weights, errorSlot('weights'));

  container.append(
    h(
      'fieldset',
      { className: 'step' },
      h('legend', {}, h('span', { className: 'step-number' }, '4'), 'Settings'),
      h('div', { className: 'knob-grid' }, knobs[0].element, knobs[1].element, styleStrengthKnob(), ...knobs.slice(2).map((knob) => knob.element)),
      h('div', { className: 'knob checkbox' }, colours, h('label', { htmlFor: colours.id }, 'Keep the photo\u2019s original colours'), errorSlot('originalColors')),
      weightsRow,
      advanced,
    ),
  );
  subscribe((state) => {
    for (const knob of [...knobs, exactStrength]) knob.sync(state);
    advanced.hidden = state.mode !== 'quality';
    colours.checked = state.originalColors;
    weights.value = state.weights;
    weightsRow.hidden = state.mode !== 'quality';
  });
}

function numberKnob(spec: KnobSpec): { element: HTMLElement; sync: (state: FormState) => void } {
  const id = spec.id ?? `knob-${spec.field}`;
  const range = h('input', { type: 'range', min: String(spec.min), max: String(spec.max), step: String(spec.step), attrs: { 'aria-label': `${spec.label} slider` }, tabIndex: -1 });
  const number = h('input', { type: 'number', id, min: String(spec.min), max: String(spec.max), step: String(spec.step), className: 'number-input', dataset: { field: spec.field } });
  const set = (text: string): void => {
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value)) update({ [spec.field]: value } as Partial<FormState>);
  };
  range.addEventListener('input', () => set(range.value));
  number.addEventListener('input', () => set(number.value));
  const element = h(
    'div',
    { className: 'knob' },
    h('label', { htmlFor: id }, spec.label, h('span', { className: 'muted' }, ` · ${spec.hint}`)),
    h('div', { className: 'knob-inputs' }, range, number),
    errorSlot(spec.field),
  );
  return {
    element,
    sync(state) {
      element.hidden = Boolean(spec.qualityOnly) && state.mode !== 'quality';
      const value = String(state[spec.field]);
      if (document.activeElement !== number && number.value !== value) number.value = value;
      if (range.value !== value) range.value = value;
    },
  };
}

/** A network's name in the page. */
function networkTitle(weights: string): string {
  if (weights === 'darknet-tiny') return 'Darknet Tiny';
  if (weights === 'vgg19') return 'VGG19';
  if (weights.startsWith('random')) return 'untrained random VGG19';
  return weights;
}

/**
 * "Style strength": one plain control for how much style a quality job paints, five steps from
 * subtle to very strong. A step is a multiple of the chosen network's own style weight β (the server
 * resolves it: VGG19's and Darknet Tiny's β are in different units), so "Strong" means twice the
 * network's default on either. The exact multiple stays reachable under "Advanced"; one set there
 * that is not a step shows as "Custom".
 */
import { h } from '../dom';
import { errorSlot } from '../errors';
import { subscribe, update } from '../state';

/** The steps, weakest first; "Balanced" (1) is the network's own style weight. */
export const STYLE_STRENGTHS: ReadonlyArray<{ readonly label: string; readonly styleStrength: number }> = [
  { label: 'Subtle', styleStrength: 0.25 },
  { label: 'Light', styleStrength: 0.5 },
  { label: 'Balanced', styleStrength: 1 },
  { label: 'Strong', styleStrength: 2 },
  { label: 'Very strong', styleStrength: 4 },
];

/**
 * The control (a range with named steps), ready to place.
 *
 * @example
 * knobGrid.prepend(styleStrengthKnob());
 */
export function styleStrengthKnob(): HTMLElement {
  const range = h('input', { type: 'range', id: 'knob-styleStrength', min: '0', max: String(STYLE_STRENGTHS.length - 1), step: '1', className: 'strength-range', dataset: { field: 'styleStrength' } });
  const word = h('output', { className: 'strength-word', attrs: { for: range.id } });
  range.addEventListener('input', () => update({ styleStrength: STYLE_STRENGTHS[Number(range.value)].styleStrength }));
  const element = h(
    'div',
    { className: 'knob' },
    h('label', { htmlFor: range.id }, 'Style strength', h('span', { className: 'muted' }, ' · how strongly the painting\u2019s textures show')),
    h('div', { className: 'knob-inputs' }, range, word),
    errorSlot('styleStrength'),
  );
  subscribe((state) => {
    element.hidden = state.mode !== 'quality';
    const exact = STYLE_STRENGTHS.findIndex((step) => step.styleStrength === state.styleStrength);
    range.value = String(exact >= 0 ? exact : nearestStep(state.styleStrength));
    const text = exact >= 0 ? STYLE_STRENGTHS[exact].label : `Custom (${state.styleStrength}\u00d7 the network\u2019s style weight)`;
    word.textContent = text;
    range.setAttribute('aria-valuetext', text);
  });
  return element;
}

/**
 * A strength as the result view names it: its step and multiple, or just the multiple.
 *
 * @example strengthText(2) // → 'Strong (2×)'
 * @example strengthText(1.5) // → '1.5×'
 */
export function strengthText(styleStrength: number): string {
  const step = STYLE_STRENGTHS.find((candidate) => candidate.styleStrength === styleStrength);
  return step ? `${step.label} (${styleStrength}\u00d7)` : `${styleStrength}\u00d7`;
}

/** The step nearest to `styleStrength` (on a log scale: weights act multiplicatively). */
function nearestStep(styleStrength: number): number {
  const distance = (strength: number): number => Math.abs(Math.log(Math.max(styleStrength, 1e-6)) - Math.log(strength));
  let best = 0;
  STYLE_STRENGTHS.forEach((step, index) => {
    if (distance(step.styleStrength) < distance(STYLE_STRENGTHS[best].styleStrength)) best = index;
  });
  return best;
}

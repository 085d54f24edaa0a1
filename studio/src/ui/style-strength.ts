/**
 * "Style strength": one plain control for the style weight (β) of quality jobs, five steps from
 * subtle to very strong. The exact number stays reachable under "Advanced"; a number set there
 * that is not one of the steps shows as "Custom".
 */
import { h } from '../dom';
import { subscribe, update } from '../state';

/** The steps, weakest first; "Balanced" is the studio's default style weight. */
export const STYLE_STRENGTHS: ReadonlyArray<{ readonly label: string; readonly styleWeight: number }> = [
  { label: 'Subtle', styleWeight: 10 },
  { label: 'Light', styleWeight: 20 },
  { label: 'Balanced', styleWeight: 40 },
  { label: 'Strong', styleWeight: 100 },
  { label: 'Very strong', styleWeight: 300 },
];

/**
 * The control (a range with named steps), ready to place.
 *
 * @example
 * knobGrid.prepend(styleStrengthKnob());
 */
export function styleStrengthKnob(): HTMLElement {
  const range = h('input', { type: 'range', id: 'knob-styleStrength', min: '0', max: String(STYLE_STRENGTHS.length - 1), step: '1', className: 'strength-range' });
  const word = h('output', { className: 'strength-word', attrs: { for: range.id } });
  range.addEventListener('input', () => update({ styleWeight: STYLE_STRENGTHS[Number(range.value)].styleWeight }));
  const element = h(
    'div',
    { className: 'knob' },
    h('label', { htmlFor: range.id }, 'Style strength', h('span', { className: 'muted' }, ' · how strongly the painting\u2019s textures show')),
    h('div', { className: 'knob-inputs' }, range, word),
  );
  subscribe((state) => {
    element.hidden = state.mode !== 'quality';
    const exact = STYLE_STRENGTHS.findIndex((step) => step.styleWeight === state.styleWeight);
    const nearest = exact >= 0 ? exact : nearestStep(state.styleWeight);
    range.value = String(nearest);
    const text = exact >= 0 ? STYLE_STRENGTHS[exact].label : `Custom (style weight ${state.styleWeight})`;
    word.textContent = text;
    range.setAttribute('aria-valuetext', text);
  });
  return element;
}

/** The step whose weight is nearest to `styleWeight` (on a log scale: weights act multiplicatively). */
function nearestStep(styleWeight: number): number {
  const distance = (weight: number): number => Math.abs(Math.log(Math.max(styleWeight, 1e-6)) - Math.log(weight));
  let best = 0;
  STYLE_STRENGTHS.forEach((step, index) => {
    if (distance(step.styleWeight) < distance(STYLE_STRENGTHS[best].styleWeight)) best = index;
  });
  return best;
}

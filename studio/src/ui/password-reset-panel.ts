/**
 * "Choose a new password": what a hosted deployment's page shows when opened with a reset link
 * (`#reset=TOKEN`, `account-links.ts`). The new password is typed twice and checked against the
 * deployment's rules (`config.passwordLength`, sign-up's) before it is sent to
 * `POST /api/password-resets/confirm`; then "Password changed — sign in" with the sign-in form.
 * A used, expired or unknown link says so, with "Forgot password?" for a new one.
 */
import { ApiError, confirmPasswordReset } from '../api';
import { h } from '../dom';
import type { StudioConfig } from '../types';
import { signInForm } from './account-area';
import { accountErrorText } from './account-words';

/**
 * Shows the panel in place of the studio (and of the welcome panel) for reset token `token`.
 * Ids: `reset-panel`, `reset-title`, `reset-password`, `reset-repeat`, `reset-submit`, `reset-error`.
 *
 * @example
 * if (link?.kind === 'reset') return renderPasswordResetPanel(link.token, config);
 */
export function renderPasswordResetPanel(token: string, config: StudioConfig): void {
  for (const selector of ['main.layout', '#network', '.topbar-nav']) document.querySelector<HTMLElement>(selector)!.hidden = true;
  const length = config.passwordLength ?? { min: 1, max: Number.POSITIVE_INFINITY };
  const title = h('h2', { id: 'reset-title', tabIndex: -1 }, 'Choose a new password');
  const intro = h('p', { className: 'muted', id: 'reset-intro' }, 'Every browser signed in to this account is signed out when the password changes.');
  const password = h('input', { type: 'password', id: 'reset-password', name: 'new-password', autocomplete: 'new-password', required: true });
  const repeat = h('input', { type: 'password', id: 'reset-repeat', name: 'repeat-password', autocomplete: 'new-password', required: true });
  const hint = h('p', { className: 'muted field-hint', id: 'reset-password-hint' }, `At least ${length.min} characters.`);
  password.setAttribute('aria-describedby', hint.id);
  const submit = h('button', { type: 'submit', className: 'primary', id: 'reset-submit' }, 'Set the new password');
  const error = h('p', { className: 'field-error', id: 'reset-error', attrs: { role: 'alert' } });
  const form = h(
    'form',
    { className: 'account-form', id: 'reset-form', noValidate: true, attrs: { 'aria-labelledby': 'reset-title' } },
    h('label', { htmlFor: password.id }, 'New password'),
    password,
    hint,
    h('label', { htmlFor: repeat.id }, 'The new password again'),
    repeat,
    submit,
    error,
  );
  const back = h('a', { className: 'button ghost', id: 'reset-back', href: window.location.pathname }, 'Back to the studio');
  const panel = h('section', { className: 'panel account-panel', id: 'reset-panel', attrs: { 'aria-labelledby': 'reset-title' } }, title, intro, form, back);
  document.querySelector('main.layout')!.before(panel);
  password.focus();

  /** The panel after the form: new words and the sign-in form (which has "Forgot password?"). */
  const conclude = (heading: string, words: string): void => {
    title.textContent = heading;
    intro.textContent = words;
    intro.className = '';
    form.replaceWith(h('div', { className: 'account-forms' }, signInForm()));
    title.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const problem = passwordProblem(password.value, repeat.value, length);
    if (problem) {
      error.textContent = problem.text;
      (problem.field === 'repeat' ? repeat : password).focus();
      return;
    }
    submit.disabled = true;
    confirmPasswordReset(token, password.value).then(
      () => conclude('Password changed — sign in', 'Sign in with your new password. Every browser that was signed in to the account has been signed out.'),
      (failure: unknown) => {
        submit.disabled = false;
        if (failure instanceof ApiError && failure.code === 'TOKEN_USED') return conclude('This link was used already', 'A reset link works once. If you set the password with it, sign in with that password; otherwise use “Forgot password?” for a new link.');
        if (failure instanceof ApiError && failure.code === 'TOKEN_EXPIRED') return conclude('This link has expired', 'A reset link works for a short time (the e-mail says how long). Use “Forgot password?” below for a new one.');
        if (failure instanceof ApiError && failure.field === 'token') return conclude('This link is not complete', 'Open the link exactly as the e-mail has it (some e-mail programs cut long links), or use “Forgot password?” below for a new one.');
        error.textContent = accountErrorText(failure);
        password.focus();
      },
    );
  });
}

/**
 * What is wrong with a new password before it is sent, in words; undefined when nothing is.
 *
 * @example passwordProblem('short', 'short', { min: 10, max: 1024 }) // → { field: 'password', text: 'Choose a password of at least 10 characters (this one has 5).' }
 */
export function passwordProblem(password: string, repeat: string, length: { min: number; max: number }): { field: 'password' | 'repeat'; text: string } | undefined {
  if (password.length < length.min) return { field: 'password', text: `Choose a password of at least ${length.min} characters (this one has ${password.length}).` };
  if (password.length > length.max) return { field: 'password', text: `Choose a password of at most ${length.max} characters (this one has ${password.length}).` };
  if (password !== repeat) return { field: 'repeat', text: 'The two passwords differ: type the same new password in both fields.' };
  return undefined;
}

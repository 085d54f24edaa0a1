/**
 * Who is painting, on a hosted deployment's page (the local studio has no accounts and shows none of
 * this). Signed out: a welcome panel instead of the studio, with Sign in, Create account and Continue
 * as guest. A guest: "Guest" in the top bar, with Create account (the guest's account becomes it,
 * paintings and all) and Sign in. A member: their e-mail address and Sign out. Each change reloads
 * the page, which then starts as the new session (its configuration carries the CSRF token). The
 * sign-in form has "Forgot password?" (`forgot-password.ts`); a 429 says the wait in words.
 */
import { continueAsGuest, signIn, signOut, signUp } from '../api';
import { byId, h } from '../dom';
import type { StudioConfig } from '../types';
import { accountErrorText } from './account-words';
import { forgotPasswordForm } from './forgot-password';

/** What a 429 of signing in adds: the way in that needs no password. */
const SIGN_IN_INSTEAD = ', or use “Forgot password?” to set a new password by e-mail';

/**
 * Draws the account area for `config` (a hosted one: `config.accounts`); resolves with whether
 * someone is signed in (else the welcome panel stands in for the studio).
 *
 * @example
 * if (config.accounts && !renderAccountArea(config)) return; // nobody yet: the welcome panel asks
 */
export function renderAccountArea(config: StudioConfig): boolean {
  const area = h('div', { className: 'account-area', id: 'account-area' });
  byId('queue-status').before(area);
  const account = config.account;
  if (!account) {
    for (const selector of ['main.layout', '#network', '.topbar-nav']) document.querySelector<HTMLElement>(selector)!.hidden = true;
    const panel = h(
      'section',
      { className: 'panel account-panel', id: 'account-panel', attrs: { 'aria-labelledby': 'account-title' } },
      h('h2', { id: 'account-title' }, 'Paint with Painterly'),
      h('p', { className: 'muted' }, 'Sign in to see your paintings, create an account, or try it as a guest: a guest can create an account later and keep what it painted.'),
      accountForms({ guest: false, config }),
    );
    document.querySelector('main.layout')!.before(panel);
    return false;
  }
  if (account.kind === 'member') {
    const out = h('button', { type: 'button', className: 'ghost', id: 'sign-out' }, 'Sign out');
    out.addEventListener('click', () => void act(out, area, signOut));
    area.append(h('span', { className: 'account-name', id: 'account-name' }, account.accountEmail ?? 'Signed in'), out);
    return true;
  }
  const later = h('button', { type: 'button', className: 'ghost' }, 'Not now');
  const dialog = h(
    'dialog',
    { className: 'account-dialog', id: 'account-dialog', attrs: { 'aria-labelledby': 'account-dialog-title' } },
    h('h2', { id: 'account-dialog-title' }, 'Keep your paintings'),
    h('p', { className: 'muted' }, 'Create an account and this guest’s paintings become yours; or sign in to an account you have (this guest’s paintings stay with the guest).'),
    accountForms({ guest: true, config }),
    later,
  );
  later.addEventListener('click', () => dialog.close());
  const open = h('button', { type: 'button', className: 'secondary', id: 'open-account' }, 'Create account or sign in');
  open.addEventListener('click', () => dialog.showModal());
  area.append(h('span', { className: 'account-name', id: 'account-name' }, 'Guest'), open, dialog);
  return true;
}

/**
 * The sign-in form (ids `sign-in-*`), with "Forgot password?"; signing in reloads the page.
 *
 * @example panel.append(signInForm()); // after a password reset: "Password changed — sign in"
 */
export function signInForm(): HTMLFormElement {
  const form = credentialsForm('sign-in', 'Sign in', 'current-password', signIn);
  const forgot = h('button', { type: 'button', className: 'link-button', id: 'sign-in-forgot' }, 'Forgot password?');
  forgot.addEventListener('click', () => {
    const email = form.querySelector<HTMLInputElement>('#sign-in-email')!.value.trim();
    const reset = forgotPasswordForm(email, () => {
      reset.remove();
      form.hidden = false;
      forgot.focus();
    });
    form.hidden = true;
    form.after(reset);
    reset.querySelector<HTMLInputElement>('#forgot-email')!.focus();
  });
  form.querySelector('#sign-in-password')!.after(forgot);
  return form;
}

/** Sign-in and create-account forms (and, when nobody is signed in, Continue as guest). */
function accountForms({ guest, config }: { guest: boolean; config: StudioConfig }): HTMLElement {
  const forms = h('div', { className: 'account-forms' });
  const signUpForm = credentialsForm('sign-up', 'Create account', 'new-password', async (credentials) => {
    await signUp(credentials);
    // A guest's session now belongs to the new account; without a session, sign in to it.
    if (!guest) await signIn(credentials);
  });
  if (config.passwordLength) {
    const hint = h('p', { className: 'muted field-hint', id: 'sign-up-password-hint' }, `At least ${config.passwordLength.min} characters.`);
    const password = signUpForm.querySelector<HTMLInputElement>('#sign-up-password')!;
    password.setAttribute('aria-describedby', hint.id);
    password.after(hint);
  }
  forms.append(h('div', { className: 'account-sign-in' }, signInForm()), signUpForm);
  if (!guest) {
    const error = h('p', { className: 'field-error', attrs: { role: 'alert' } });
    const button = h('button', { type: 'button', className: 'secondary', id: 'continue-as-guest' }, 'Continue as guest');
    button.addEventListener('click', () => void act(button, error, continueAsGuest));
    forms.append(h('div', { className: 'account-guest' }, h('h3', {}, 'Just trying it?'), button, error));
  }
  return forms;
}

/** One form of an e-mail address and a password; ids `${id}-email`, `${id}-password`, `${id}-submit`. */
function credentialsForm(id: string, title: string, autocomplete: 'current-password' | 'new-password', send: (credentials: { email: string; password: string }) => Promise<unknown>): HTMLFormElement {
  const email = h('input', { type: 'email', id: `${id}-email`, name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', id: `${id}-password`, name: 'password', autocomplete, required: true });
  const submit = h('button', { type: 'submit', className: 'primary', id: `${id}-submit` }, title);
  const error = h('p', { className: 'field-error', id: `${id}-error`, attrs: { role: 'alert' } });
  const form = h(
    'form',
    { className: 'account-form', id: `${id}-form`, noValidate: true, attrs: { 'aria-labelledby': `${id}-title` } },
    h('h3', { id: `${id}-title` }, title),
    h('label', { htmlFor: email.id }, 'E-mail address'),
    email,
    h('label', { htmlFor: password.id }, 'Password'),
    password,
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(submit, error, () => send({ email: email.value.trim(), password: password.value }), id === 'sign-in' ? SIGN_IN_INSTEAD : '');
  });
  return form;
}

/** Runs `change` with `button` disabled; reloads the page once it worked, else shows why in `error` (`instead`: what a 429 adds). */
async function act(button: HTMLButtonElement, error: HTMLElement, change: () => Promise<unknown>, instead = ''): Promise<void> {
  button.disabled = true;
  error.textContent = '';
  try {
    await change();
    window.location.reload();
  } catch (failure) {
    const words = accountErrorText(failure, instead);
    if (error.classList.contains('field-error')) error.textContent = words;
    else error.append(h('span', { className: 'field-error', attrs: { role: 'alert' } }, words));
    button.disabled = false;
  }
}

/**
 * "Forgot password?" on a hosted deployment's sign-in form: an e-mail address field that asks for a
 * password-reset e-mail (`POST /api/password-resets`). The page says the same words whatever the
 * answer, as the API does, so neither tells whether an account uses the address; the e-mail's link
 * (`#reset=TOKEN`, `--public-url`) opens the page's new-password form (`password-reset-panel.ts`).
 */
import { requestPasswordReset } from '../api';
import { h } from '../dom';
import { accountErrorText } from './account-words';

/** What the page says once a reset e-mail was asked for, whatever the address. */
export const RESET_REQUESTED = 'If an account uses that address, an e-mail is on its way. Its link works once, for a short time: open it in this browser to choose a new password.';

/**
 * The form, with `email` filled in (what the sign-in form had); `onBack` returns to signing in.
 * Ids: `forgot-form`, `forgot-email`, `forgot-submit`, `forgot-back`, `forgot-status`, `forgot-error`.
 *
 * @example
 * signIn.after(forgotPasswordForm(email.value, () => { forgot.remove(); signIn.hidden = false; }));
 */
export function forgotPasswordForm(email: string, onBack: () => void): HTMLFormElement {
  const address = h('input', { type: 'email', id: 'forgot-email', name: 'email', autocomplete: 'username', required: true, value: email });
  const submit = h('button', { type: 'submit', className: 'primary', id: 'forgot-submit' }, 'Send me a link');
  const back = h('button', { type: 'button', className: 'ghost', id: 'forgot-back' }, 'Back to sign in');
  const status = h('p', { className: 'account-status', id: 'forgot-status', attrs: { role: 'status' } });
  const error = h('p', { className: 'field-error', id: 'forgot-error', attrs: { role: 'alert' } });
  const form = h(
    'form',
    { className: 'account-form', id: 'forgot-form', noValidate: true, attrs: { 'aria-labelledby': 'forgot-title' } },
    h('h3', { id: 'forgot-title', tabIndex: -1 }, 'Forgot your password?'),
    h('p', { className: 'muted' }, 'We e-mail a link to the account’s address; it lets you choose a new password.'),
    h('label', { htmlFor: address.id }, 'E-mail address'),
    address,
    submit,
    status,
    error,
    back,
  );
  back.addEventListener('click', onBack);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  async function send(): Promise<void> {
    status.textContent = '';
    error.textContent = '';
    if (!address.value.trim()) {
      error.textContent = 'Type the e-mail address you sign in with.';
      address.focus();
      return;
    }
    submit.disabled = true;
    try {
      await requestPasswordReset(address.value.trim());
      status.textContent = RESET_REQUESTED;
    } catch (failure) {
      error.textContent = accountErrorText(failure);
    } finally {
      submit.disabled = false;
    }
  }
  return form;
}

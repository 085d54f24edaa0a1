/**
 * The links of a hosted deployment's account e-mails (`painterly serve … --public-url URL`):
 * `URL/#verify=TOKEN` confirms an e-mail address and says how that went; `URL/#reset=TOKEN` opens
 * the new-password form (`password-reset-panel.ts`). The token travels in the fragment, which no
 * server sees; the page takes it out of the address bar at once (`history.replaceState`), so it is
 * neither bookmarked nor shared by accident.
 */
import { ApiError, messageOf, resendVerification, verifyEmail } from '../api';
import { h } from '../dom';
import type { StudioConfig } from '../types';
import { accountErrorText } from './account-words';

/** A link's token and what it is for. */
export interface AccountLink {
  readonly kind: 'verify' | 'reset';
  readonly token: string;
}

/** Set when an expired link was opened signed out: once signed in, the page offers a new e-mail. */
const RESEND_OFFER_KEY = 'painterly-offer-verification';

/**
 * The account link the page was opened with, if any; the fragment is removed from the address bar.
 *
 * @example
 * // at https://painterly.example.com/#verify=abc…
 * takeAccountLink() // → { kind: 'verify', token: 'abc…' }, and the address is https://painterly.example.com/
 */
export function takeAccountLink(): AccountLink | undefined {
  const match = /^#(verify|reset)=([^&]*)$/.exec(window.location.hash);
  if (!match) return undefined;
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
  let token = match[2];
  try {
    token = decodeURIComponent(token);
  } catch {
    // A mangled escape: the server names the token as not known, and the page says the link is not complete.
  }
  return { kind: match[1] as AccountLink['kind'], token };
}

/**
 * Uses a verification link's token and says in a notice above the page how it went: confirmed,
 * used already, expired (with a button for a new e-mail when a member is signed in) or not known.
 *
 * @example
 * if (link?.kind === 'verify') void showVerification(link.token, config);
 */
export async function showVerification(token: string, config: StudioConfig): Promise<void> {
  const notice = accountNotice('Confirming your e-mail address…', '');
  try {
    const { verified } = await verifyEmail(token);
    fill(notice, 'E-mail address confirmed', `${verified} is confirmed: there is nothing more to do.`);
  } catch (error) {
    if (!(error instanceof ApiError)) return fill(notice, 'The address could not be confirmed', messageOf(error));
    if (error.code === 'TOKEN_USED') return fill(notice, 'This link was used already', 'A confirmation link works once, and this one has confirmed its address already: there is nothing more to do.');
    if (error.code === 'TOKEN_EXPIRED') return expired(notice, config);
    if (error.field === 'token') return fill(notice, 'This link is not complete', 'Open the link exactly as the e-mail has it (some e-mail programs cut long links), or the newest one if several came.');
    fill(notice, 'The address could not be confirmed', accountErrorText(error));
  }
}

/**
 * For a member whose address is unconfirmed and who opened an expired link before signing in: a
 * notice with a button for a new confirmation e-mail (once).
 *
 * @example if (config.accounts) offerVerificationAfterSignIn(config);
 */
export function offerVerificationAfterSignIn(config: StudioConfig): void {
  if (sessionStorage.getItem(RESEND_OFFER_KEY) === null || config.account?.kind !== 'member') return;
  sessionStorage.removeItem(RESEND_OFFER_KEY);
  if (config.account.emailVerified === false) expired(accountNotice('', ''), config);
}

/** The expired-link words, and what to do: a button when a member is signed in, else sign in first. */
function expired(notice: HTMLElement, config: StudioConfig): void {
  const title = 'This link has expired';
  if (config.account?.kind !== 'member') {
    sessionStorage.setItem(RESEND_OFFER_KEY, '1');
    fill(notice, title, 'A confirmation link works for a limited time (the e-mail says how long). Sign in, and this page offers to send a new one.');
    return;
  }
  fill(notice, title, `A confirmation link works for a limited time (the e-mail says how long). Send a new one to ${config.account.accountEmail ?? 'your address'} and open its link.`);
  const button = h('button', { type: 'button', className: 'secondary', id: 'account-notice-resend' }, 'Send a new e-mail');
  const status = h('p', { className: 'account-status', id: 'account-notice-status', attrs: { role: 'status' } });
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = '';
    resendVerification().then(
      ({ sent }) => (status.textContent = `Sent to ${sent.join(' and ')}: open the link in the new e-mail.`),
      (error: unknown) => {
        status.textContent = accountErrorText(error);
        button.disabled = false;
      },
    );
  });
  notice.querySelector('#account-notice-close')!.before(button, status);
}

/** The notice above the page (one at a time), with a heading, words (a live region) and a Close button; focus goes to its heading once filled. */
function accountNotice(title: string, text: string): HTMLElement {
  document.getElementById('account-notice')?.remove();
  const close = h('button', { type: 'button', className: 'ghost account-notice-close', id: 'account-notice-close' }, 'Close');
  const notice = h(
    'section',
    { className: 'panel account-notice', id: 'account-notice', attrs: { 'aria-labelledby': 'account-notice-title' } },
    h('h2', { id: 'account-notice-title', tabIndex: -1 }, title),
    h('p', { id: 'account-notice-text', attrs: { role: 'status' } }, text),
    close,
  );
  close.addEventListener('click', () => notice.remove());
  (document.getElementById('account-panel') ?? document.querySelector('main.layout'))!.before(notice);
  return notice;
}

function fill(notice: HTMLElement, title: string, text: string): void {
  notice.querySelector('#account-notice-title')!.textContent = title;
  notice.querySelector('#account-notice-text')!.textContent = text;
  notice.querySelector<HTMLElement>('#account-notice-title')!.focus();
}

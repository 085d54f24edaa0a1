/**
 * The e-mails an API node sends itself, via SMTP (`nodemailer`, as the workers' job e-mails): the
 * verification of an address and the password reset. Each carries a single-use token and the one
 * request that uses it; with `--public-url` also a link to the studio page, `URL/#verify=TOKEN` or
 * `URL/#reset=TOKEN` (in the fragment, which browsers send to no server: no access log or `Referer`
 * holds it). The link's host comes only from that option, never from a request (a forged `Host`
 * would send the token to another site).
 */
import nodemailer from 'nodemailer';
import { TOKEN_LIFETIME_S } from './account-tokens.js';

/** Sends the account e-mails through one SMTP server. */
export interface AccountMailer {
  sendVerification(to: string, token: string): Promise<void>;
  sendPasswordReset(to: string, token: string): Promise<void>;
  close(): void;
}

/** The fragment of each e-mailed link, as the studio page reads it (`studio/src/ui/account-links.ts`). */
export const LINK_FRAGMENTS = { verify: 'verify', reset: 'reset' } as const;

/**
 * The link of an e-mail: the deployment's public address (`--public-url`, no trailing slash), a
 * slash, and the token in the fragment.
 *
 * @example accountLink('https://painterly.example.com', 'verify', 'abc') // → 'https://painterly.example.com/#verify=abc'
 */
export function accountLink(publicUrl: string, kind: keyof typeof LINK_FRAGMENTS, token: string): string {
  return `${publicUrl}/#${LINK_FRAGMENTS[kind]}=${token}`;
}

/**
 * A mailer for `--smtp smtp(s)://[USER:PASSWORD@]HOST:PORT` sending as `from` (`--mail-from`); with
 * `publicUrl` (`--public-url`, as `publicUrlBase` leaves it) the e-mails lead with a link.
 *
 * @example
 * const mailer = createAccountMailer('smtp://127.0.0.1:2525', 'Painterly <painterly@example.com>', 'https://painterly.example.com');
 * await mailer.sendVerification('ada@example.com', token); // "…open this link within 24 hours: https://painterly.example.com/#verify=…"
 */
export function createAccountMailer(url: string, from: string, publicUrl?: string): AccountMailer {
  const transport = nodemailer.createTransport(url);
  const send = async (to: string, subject: string, lines: readonly string[]): Promise<void> => {
    await transport.sendMail({ from, to, subject, text: `${lines.join('\n')}\n` });
  };
  const verifyHours = TOKEN_LIFETIME_S['verify-email'] / 3600;
  const resetHours = TOKEN_LIFETIME_S['reset-password'] / 3600;
  return {
    sendVerification: (to, token) =>
      send(to, 'Painterly: confirm your e-mail address', [
        publicUrl
          ? `Someone (we hope you) gave ${to} to a Painterly account. To confirm that the address is yours, open this link within ${verifyHours} hours:`
          : `Someone (we hope you) gave ${to} to a Painterly account. To confirm that the address is yours, send this token to the service within ${verifyHours} hours:`,
        '',
        ...(publicUrl ? [accountLink(publicUrl, 'verify', token), '', 'Or send this token to the service:', ''] : []),
        `Verification token: ${token}`,
        '',
        `POST /api/accounts/verify with the JSON body {"token": "${token}"}`,
        '',
        'Until it is confirmed, no job e-mails go to this address. If it was not you, ignore this e-mail.',
      ]),
    sendPasswordReset: (to, token) =>
      send(to, 'Painterly: set a new password', [
        publicUrl
          ? `Someone (we hope you) asked to set a new password for the Painterly account of ${to}. To do it, open this link within ${resetHours} hour and choose the new password:`
          : `Someone (we hope you) asked to set a new password for the Painterly account of ${to}. To do it, send this token with the new password within ${resetHours} hour:`,
        '',
        ...(publicUrl ? [accountLink(publicUrl, 'reset', token), '', 'Or send this token with the new password to the service:', ''] : []),
        `Password reset token: ${token}`,
        '',
        `POST /api/password-resets/confirm with the JSON body {"token": "${token}", "password": "NEW PASSWORD"}`,
        '',
        'The token works once; every signed-in browser of the account is signed out. If it was not you, ignore this e-mail: the password stays as it is.',
      ]),
    close() {
      transport.close();
    },
  };
}

/**
 * The e-mails an API node sends itself, via SMTP (`nodemailer`, as the workers' job e-mails): the
 * verification of an address and the password reset. Each carries a single-use token and the one
 * request that uses it. The e-mail names no link to a host taken from the request (a forged `Host`
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

/**
 * A mailer for `--smtp smtp(s)://[USER:PASSWORD@]HOST:PORT` sending as `from` (`--mail-from`).
 *
 * @example
 * const mailer = createAccountMailer('smtp://127.0.0.1:2525', 'Painterly <painterly@example.com>');
 * await mailer.sendVerification('ada@example.com', token);
 */
export function createAccountMailer(url: string, from: string): AccountMailer {
  const transport = nodemailer.createTransport(url);
  const send = async (to: string, subject: string, lines: readonly string[]): Promise<void> => {
    await transport.sendMail({ from, to, subject, text: `${lines.join('\n')}\n` });
  };
  return {
    sendVerification: (to, token) =>
      send(to, 'Painterly: confirm your e-mail address', [
        `Someone (we hope you) gave ${to} to a Painterly account. To confirm that the address is yours, send this token to the service within ${TOKEN_LIFETIME_S['verify-email'] / 3600} hours:`,
        '',
        `Verification token: ${token}`,
        '',
        `POST /api/accounts/verify with the JSON body {"token": "${token}"}`,
        '',
        'Until it is confirmed, no job e-mails go to this address. If it was not you, ignore this e-mail.',
      ]),
    sendPasswordReset: (to, token) =>
      send(to, 'Painterly: set a new password', [
        `Someone (we hope you) asked to set a new password for the Painterly account of ${to}. To do it, send this token with the new password within ${TOKEN_LIFETIME_S['reset-password'] / 3600} hour:`,
        '',
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

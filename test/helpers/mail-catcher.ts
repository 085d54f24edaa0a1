/**
 * A local SMTP server (`smtp-server`, loopback, no TLS or AUTH) that keeps every e-mail it receives:
 * the hosted tests read job e-mails, verification and reset e-mails from it.
 */
import { SMTPServer } from 'smtp-server';

/** One received e-mail: its envelope recipients and its whole text (headers and body, as sent). */
export interface CaughtMail {
  readonly to: string[];
  readonly text: string;
}

/** A running catcher. */
export interface MailCatcher {
  /** Every e-mail received so far, in order. */
  readonly mails: CaughtMail[];
  /** `smtp://127.0.0.1:PORT`, for `--smtp`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a catcher on a free loopback port.
 *
 * @example
 * const catcher = await startMailCatcher();
 * await startApiNode(services, ['--smtp', catcher.url, '--mail-from', 'Painterly <painterly@test.invalid>']);
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let text = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((address) => address.address), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

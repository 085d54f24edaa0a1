/** Opens a URL in the user's browser (best effort: a failure only prints a hint). */
import { spawn } from 'node:child_process';

/**
 * Opens `url` with the platform's opener (`open`, `xdg-open`, `start`), detached.
 *
 * @example
 * openBrowser('http://127.0.0.1:8787/', (message) => process.stderr.write(message));
 */
export function openBrowser(url: string, log: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => log(`Could not open a browser; open ${url} yourself.`));
    child.unref();
  } catch {
    log(`Could not open a browser; open ${url} yourself.`);
  }
}

/**
 * Whether the page can reach the studio server. A failed request or a dropped event stream reports
 * the connection lost; from then on `/api/health` is probed until it answers, and listeners hear
 * when it is back (to refetch what they show). Timers and ETAs freeze while it is lost.
 */

type Listener = (online: boolean) => void;

const PROBE_EVERY_MS = 1500;

let online = true;
let probe: number | undefined;
const listeners: Listener[] = [];

/** Whether the server answered the last request. */
export function isOnline(): boolean {
  return online;
}

/** Calls `listener` whenever the connection is lost or comes back. */
export function onConnectionChange(listener: Listener): void {
  listeners.push(listener);
}

/**
 * Reports that a request could not reach the server; probes until it can.
 *
 * @example
 * fetch(url).catch(() => reportConnectionLost());
 */
export function reportConnectionLost(): void {
  if (!online) return;
  online = false;
  for (const listener of listeners) listener(false);
  probe = window.setInterval(() => void probeOnce(), PROBE_EVERY_MS);
}

/** Reports that a request reached the server. */
export function reportConnectionBack(): void {
  if (online) return;
  online = true;
  window.clearInterval(probe);
  probe = undefined;
  for (const listener of listeners) listener(true);
}

async function probeOnce(): Promise<void> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store' });
    if (response.ok) reportConnectionBack();
  } catch {
    // still lost; the next probe tries again
  }
}

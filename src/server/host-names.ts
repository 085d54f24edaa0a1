/**
 * The names a studio answers to, and how a `Host` (or `Origin`) value is matched against them.
 * Matching is exact, on the text the client sent: no prefix rule and no IP canonicalisation, so
 * `127.0.0.1.evil.example`, `127.1`, `2130706433`, `0x7f.1` or `[::ffff:127.0.0.1]` never pass as
 * `127.0.0.1`. DNS rebinding needs a name the attacker controls; such a name is never on the list
 * unless the user put it there (`allowHosts`).
 */
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** The loopback names every loopback-bound studio answers to. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** A `Host` value split into its name and port (the port is undefined when none was sent). */
export interface HostAndPort {
  readonly name: string;
  readonly port: number | undefined;
}

/**
 * Whether `address` (a bind address) is a loopback address: `localhost`, `::1` or a dotted-quad
 * `127.x.y.z` (also IPv4-mapped, `::ffff:127.x.y.z`). Other spellings (`127.1`) are not.
 *
 * @example
 * isLoopback('127.0.0.1') // → true
 * isLoopback('127.0.0.1.evil.example') // → false
 */
export function isLoopback(address: string): boolean {
  const bare = unbracket(address.toLowerCase());
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.split('.')[0] === '127';
}

/** Whether `address` means "every address of this machine". */
export function isWildcard(address: string): boolean {
  return ['0.0.0.0', '::', '[::]'].includes(address);
}

/**
 * How `address` appears in a `Host` header: lower case, IPv6 in brackets.
 *
 * @example
 * hostHeaderName('::1') // → '[::1]'
 */
export function hostHeaderName(address: string): string {
  const lower = address.toLowerCase();
  return isIP(unbracket(lower)) === 6 ? `[${unbracket(lower)}]` : lower;
}

/**
 * The names a studio bound to `bindHost` answers to, in the order they are shown:
 * - a loopback bind: the bind address, `localhost`, `127.0.0.1` and `[::1]`;
 * - a non-loopback address: that address and this machine's host name;
 * - `0.0.0.0` / `::`: this machine's host name, every address of its network interfaces and the loopback names;
 * plus, always, `allowHosts`.
 *
 * @example
 * allowedHostNames('127.0.0.1', ['studio.lan']) // → ['127.0.0.1', 'localhost', '[::1]', 'studio.lan']
 */
export function allowedHostNames(bindHost: string, allowHosts: readonly string[] = []): string[] {
  const names: string[] = [];
  if (isLoopback(bindHost)) names.push(hostHeaderName(bindHost), ...LOOPBACK_NAMES);
  else if (isWildcard(bindHost)) names.push(hostname().toLowerCase(), ...interfaceAddresses(), ...LOOPBACK_NAMES);
  else names.push(hostHeaderName(bindHost), hostname().toLowerCase());
  names.push(...allowHosts.map(hostHeaderName));
  return [...new Set(names.filter((name) => name.length > 0))];
}

/**
 * Splits a `Host` header value; undefined when it is not `name[:port]` (e.g. two colons outside brackets).
 *
 * @example
 * parseHostHeader('[::1]:8787') // → { name: '[::1]', port: 8787 }
 */
export function parseHostHeader(value: string): HostAndPort | undefined {
  const text = value.trim().toLowerCase();
  let name: string;
  let rest: string;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return undefined;
    name = text.slice(0, end + 1);
    rest = text.slice(end + 1);
  } else {
    const colon = text.indexOf(':');
    name = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
  }
  if (name === '' || name === '[]') return undefined;
  if (rest === '') return { name, port: undefined };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  return { name, port: Number(rest.slice(1)) };
}

/**
 * The host part of an `Origin` value (`http://127.0.0.1:8787` → `127.0.0.1:8787`); undefined for
 * anything but a plain `http://host[:port]` origin (`null`, `https:`, a path).
 *
 * @example
 * originHost('http://localhost:8787') // → 'localhost:8787'
 */
export function originHost(origin: string): string | undefined {
  const match = /^http:\/\/([^/?#@\s]+)$/i.exec(origin.trim());
  return match?.[1];
}

/**
 * Whether a `Host` value names this studio: its name is exactly one of `names` and its port is
 * `port` (no port means 80).
 *
 * @example
 * hostMatches('localhost:8787', ['127.0.0.1', 'localhost'], 8787) // → true
 * hostMatches('127.1:8787', ['127.0.0.1', 'localhost'], 8787) // → false
 */
export function hostMatches(value: string, names: readonly string[], port: number): boolean {
  const parsed = parseHostHeader(value);
  return parsed !== undefined && names.includes(parsed.name) && (parsed.port ?? 80) === port;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => hostHeaderName(entry.address));
}

function unbracket(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

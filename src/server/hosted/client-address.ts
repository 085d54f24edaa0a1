/**
 * The client address the abuse limits count by. By default it is the address of the TCP connection
 * (the socket's peer). Behind a reverse proxy every request comes from the proxy, so an operator
 * starts the API nodes with `--trust-proxy`: then the address is the last entry of
 * `X-Forwarded-For`, the one the proxy itself appended (earlier entries are the client's word and
 * are ignored). Only trust the header when clients cannot reach the node except through the proxy.
 * An IPv6 address counts as its /64 network (one host usually owns the whole /64).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isIP } from 'node:net';

/**
 * The address of request `c`'s client, for counting: IPv4 as is, IPv6 as its /64 prefix.
 *
 * @example
 * clientAddress(c, false) // → '203.0.113.7', or '2001:db8:0:1::/64'
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  const address = forwarded && isIP(forwarded) ? forwarded : (getConnInfo(c).remote.address ?? 'unknown');
  return counted(address);
}

function counted(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

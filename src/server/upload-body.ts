/**
 * Receiving an upload's bytes, bounded in three ways: the bytes (413 as they arrive), how many
 * uploads are received at once (429 for one more), and the transfer rate (408: a sender that
 * delivers less than `minBytesPerS` over the last `windowMs` is cut off, so clients that send most of
 * a file and stall cannot hold the server's memory). The body goes into one buffer of its declared
 * size (grown by doubling without one), so the socket's small chunks are freed as they come and the
 * one large block is given back to the system when the upload ends, either way.
 */
import { HttpError } from './http-errors.js';
import { tooManyBytes } from './uploads.js';
import { formatCount } from '../options/format-count.js';

/** How uploads are received, by default (`UploadReceiver`). */
export const UPLOAD_TRANSFER_LIMITS = {
  /** Uploads received at once; one more gets a 429. */
  maxConcurrent: 4,
  /** Below this many bytes per second over `windowMs`, an upload is cut off (408): 32 kB/s sends 25 MB in 13 minutes. */
  minBytesPerS: 32_000,
  windowMs: 10_000,
} as const;

/** Limits of an {@link UploadReceiver}. */
export interface UploadTransferLimits {
  readonly maxBytes: number;
  readonly maxConcurrent: number;
  readonly minBytesPerS: number;
  readonly windowMs: number;
}

/**
 * Receives upload bodies within the limits.
 *
 * @example
 * const receiver = new UploadReceiver({ maxBytes: 25e6, ...UPLOAD_TRANSFER_LIMITS });
 * const bytes = await receiver.read(c.req.raw); // or throws HttpError 408 / 413 / 429
 */
export class UploadReceiver {
  private active = 0;

  constructor(readonly limits: UploadTransferLimits) {}

  /** Uploads being received now. */
  get receiving(): number {
    return this.active;
  }

  /** The whole body of `request`, or an HttpError (408 too slow, 413 too large, 429 too many at once). */
  async read(request: Request): Promise<Uint8Array> {
    const { maxBytes, maxConcurrent } = this.limits;
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw tooManyBytes(undefined, maxBytes);
    if (this.active >= maxConcurrent) {
      throw new HttpError(429, 'TOO_MANY_UPLOADS', `This studio is already receiving ${maxConcurrent} uploads. Wait until one of them has arrived, then send this one again.`);
    }
    this.active += 1;
    try {
      return await this.receive(request, Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined);
    } finally {
      this.active -= 1;
    }
  }

  private async receive(request: Request, declared: number | undefined): Promise<Uint8Array> {
    const { maxBytes, minBytesPerS, windowMs } = this.limits;
    if (!request.body) return new Uint8Array(0);
    const reader = request.body.getReader();
    let buffer = Buffer.allocUnsafe(Math.min(declared ?? 64 * 1024, maxBytes));
    let received = 0;
    let failure: HttpError | undefined;
    const stop = (error: HttpError) => {
      failure ??= error;
      void reader.cancel(error).catch(() => undefined);
    };
    // Bytes received at each check, the oldest first: the rate is measured over the last window.
    const samples: Array<{ atMs: number; bytes: number }> = [{ atMs: Date.now(), bytes: 0 }];
    const stepMs = Math.max(50, Math.floor(windowMs / 10));
    const timer = setInterval(() => {
      const now = Date.now();
      samples.push({ atMs: now, bytes: received });
      while (samples.length > 1 && now - samples[1].atMs >= windowMs) samples.shift();
      const oldest = samples[0];
      if (now - oldest.atMs < windowMs) return;
      const rate = ((received - oldest.bytes) * 1000) / (now - oldest.atMs);
      if (rate < minBytesPerS) stop(tooSlow(rate, this.limits, received, declared));
    }, stepMs);
    timer.unref();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (failure) throw failure;
        if (done) break;
        if (received + value.byteLength > maxBytes) {
          stop(tooManyBytes(undefined, maxBytes));
          throw failure!;
        }
        if (received + value.byteLength > buffer.length) {
          const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(buffer.length * 2, received + value.byteLength)));
          buffer.copy(grown, 0, 0, received);
          buffer = grown;
        }
        buffer.set(value, received);
        received += value.byteLength;
      }
      if (failure) throw failure;
      return buffer.subarray(0, received);
    } finally {
      clearInterval(timer);
    }
  }
}

function tooSlow(rate: number, limits: UploadTransferLimits, received: number, declared: number | undefined): HttpError {
  const kB = (n: number) => `${formatCount(n / 1000)} kB`;
  const of = declared === undefined ? '' : ` of ${kB(declared)}`;
  return new HttpError(
    408,
    'UPLOAD_TOO_SLOW',
    `The upload stopped arriving: ${kB(rate)}/s over the last ${limits.windowMs / 1000} s (after ${kB(received)}${of}), below this studio's minimum of ${kB(limits.minBytesPerS)}/s. Check the connection and send the file again.`,
  );
}

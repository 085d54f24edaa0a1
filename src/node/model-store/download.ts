import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { verifyChecksum, type Checksum } from './checksum.js';
import { fetchIntoPart, type TransferOptions } from './http-transfer.js';
import { copyIntoPart, localSourcePath } from './local-transfer.js';
import { existingBytes, partPathFor } from './part-file.js';

/**
 * Progress of one file's download, as data (the CLI draws it; `--json` prints it).
 * `overall*` are set when the file is part of a larger download (a whole model, or `all`).
 */
export interface DownloadEvent {
  readonly type: 'download';
  readonly model: string;
  readonly file: string;
  readonly receivedBytes: number;
  /** null when neither the server nor the registry says how big the file is. */
  readonly totalBytes: number | null;
  readonly overallReceivedBytes?: number;
  readonly overallTotalBytes?: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** http(s) URL, `file://` URL or local path (a mirror). */
  readonly url: string;
  /** Final path; the file is written to `destination + '.part'` and renamed into place when verified. */
  readonly destination: string;
  readonly checksum: Checksum;
  readonly expectedBytes?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: DownloadEvent) => void;
  /** Labels for progress events and messages; `file` defaults to the destination's base name. */
  readonly model?: string;
  readonly file?: string;
  /** Extra attempts after a network failure, each resuming the `.part` (default 0). */
  readonly retries?: number;
  /** Wait before each retry, in milliseconds (default 1000). */
  readonly retryDelayMs?: number;
}

/** At most one progress event per file in this many milliseconds (besides the first and last). */
const PROGRESS_INTERVAL_MS = 100;

function progressReporter(options: DownloadFileOptions, file: string): TransferOptions['onBytes'] {
  let lastEmitMs = Number.NEGATIVE_INFINITY;
  return (receivedBytes, totalBytes) => {
    const now = Date.now();
    if (now - lastEmitMs < PROGRESS_INTERVAL_MS && receivedBytes !== totalBytes) return;
    lastEmitMs = now;
    options.onProgress?.({ type: 'download', model: options.model ?? '', file, receivedBytes, totalBytes });
  };
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code;
  const message = cause?.message ?? error.message;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

async function transferError(error: unknown, options: DownloadFileOptions, partPath: string): Promise<PainterlyError> {
  if (isPainterlyError(error)) return error;
  const keptBytes = await existingBytes(partPath);
  if (options.signal?.aborted) {
    return new PainterlyError('ABORTED', `Download of ${options.url} was cancelled; ${keptBytes} bytes are kept in ${partPath} and the next run resumes from there.`, { cause: error });
  }
  if (localSourcePath(options.url) !== undefined) {
    const message = `Could not copy ${options.url}: ${describeCause(error)}. Check that the model mirror (PAINTERLY_MODEL_MIRROR) holds this file, then run the command again.`;
    return new PainterlyError('DOWNLOAD_FAILED', message, { cause: error });
  }
  const next = keptBytes > 0
    ? `${keptBytes} bytes are saved in ${partPath}; run the command again to resume from there.`
    : 'Check the network connection (or set PAINTERLY_MODEL_MIRROR to a local copy) and run the command again.';
  return new PainterlyError('DOWNLOAD_FAILED', `Could not download ${options.url}: ${describeCause(error)}. ${next}`, { cause: error });
}

async function transferOnce(options: DownloadFileOptions, partPath: string, file: string): Promise<void> {
  const transfer: TransferOptions = {
    source: options.url,
    partPath,
    expectedBytes: options.expectedBytes,
    signal: options.signal,
    onBytes: progressReporter(options, file),
  };
  const isLocal = localSourcePath(options.url) !== undefined;
  try {
    await (isLocal ? copyIntoPart(transfer) : fetchIntoPart(transfer));
  } catch (error) {
    throw await transferError(error, options, partPath);
  }
  // A short local copy cannot be resumed; the checksum check below reports it instead.
  const receivedBytes = await existingBytes(partPath);
  if (!isLocal && options.expectedBytes !== undefined && receivedBytes < options.expectedBytes) {
    const cause = new Error(`the transfer ended after ${receivedBytes} of ${options.expectedBytes} bytes`);
    throw await transferError(cause, options, partPath);
  }
}

async function transferWithRetries(options: DownloadFileOptions, partPath: string, file: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await transferOnce(options, partPath, file);
    } catch (error) {
      const isRemote = localSourcePath(options.url) === undefined;
      const retryable = isRemote && isPainterlyError(error) && error.code === 'DOWNLOAD_FAILED';
      if (!retryable || attempt >= (options.retries ?? 0)) throw error;
      // An abort during the wait ends it early; the next attempt then fails as ABORTED.
      await sleep((options.retryDelayMs ?? 1000) * (attempt + 1), undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}

/**
 * Downloads (or copies from a mirror) one file into `destination`, resuming an earlier `.part`,
 * verifying the checksum of the whole file and renaming it into place atomically. A checksum
 * mismatch deletes the `.part` and throws CHECKSUM_MISMATCH; network failures throw
 * DOWNLOAD_FAILED and keep the `.part` for the next run.
 *
 * @example
 * await downloadFile({ url, destination: '/c/models/vgg19/w.h5', expectedBytes: 80_134_624,
 *   checksum: { algorithm: 'md5', hex: '253f8cb515780f3b799900260a226db6' }, onProgress: console.log });
 */
export async function downloadFile(options: DownloadFileOptions): Promise<void> {
  const file = options.file ?? basename(options.destination);
  const partPath = partPathFor(options.destination);
  await mkdir(dirname(options.destination), { recursive: true });
  await transferWithRetries(options, partPath, file);
  const { matches, actualHex } = await verifyChecksum(partPath, options.checksum);
  if (!matches) {
    await rm(partPath, { force: true });
    const { algorithm, hex } = options.checksum;
    throw new PainterlyError(
      'CHECKSUM_MISMATCH',
      `Checksum mismatch for ${file} from ${options.url}: expected ${algorithm} ${hex} but got ${actualHex}. ` +
        'The corrupt download was deleted; run the command again to download it afresh.',
    );
  }
  await rename(partPath, options.destination);
}

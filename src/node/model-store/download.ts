import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { verifyChecksum, type Checksum } from './checksum.js';
import { fetchIntoPart, type TransferOptions } from './http-transfer.js';
import { copyIntoPart, localSourcePath } from './local-transfer.js';
import { PartWriteError, adoptPart, existingBytes, partPathFor, releasePart, restorePart, uniquePartPath } from './part-file.js';

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
  /** Final path; the file is written to a unique `.part` next to it and renamed into place when verified. */
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

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** A failure to write the cache: disk full, read-only or no permission. Never blamed on the source. */
function cacheWriteError(error: PartWriteError, options: DownloadFileOptions, keptBytes: number): PainterlyError {
  const folder = dirname(options.destination);
  const kept = keptBytes > 0 ? ` ${keptBytes} bytes are kept and the next run resumes from there.` : '';
  if (error.code !== undefined && DISK_FULL_CODES.has(error.code)) {
    const needMb = Math.ceil((options.expectedBytes ?? 0) / 1e6);
    const need = needMb > 0 ? `at least ${needMb} MB` : 'some space';
    return new PainterlyError(
      'OUTPUT_NOT_WRITABLE',
      `The disk is full: no space left to write ${basename(options.destination)} into the model cache ${folder} (${error.code}). ` +
        `Free ${need} there, or set PAINTERLY_HOME to a folder on a disk with room, then run the command again.${kept}`,
      { cause: error },
    );
  }
  return new PainterlyError(
    'OUTPUT_NOT_WRITABLE',
    `Cannot write ${error.path} in the model cache: ${describeCause(error)}. ` +
      'Make the folder writable, or set PAINTERLY_HOME to a writable folder, then run the command again.',
    { cause: error },
  );
}

async function transferError(error: unknown, options: DownloadFileOptions, partPath: string): Promise<PainterlyError> {
  if (isPainterlyError(error)) return error;
  const keptBytes = await existingBytes(partPath).catch(() => 0);
  if (options.signal?.aborted) {
    return new PainterlyError('ABORTED', `Download of ${options.url} was cancelled; ${keptBytes} bytes are kept in ${partPath} and the next run resumes from there.`, { cause: error });
  }
  if (error instanceof PartWriteError) return cacheWriteError(error, options, keptBytes);
  const localPath = localSourcePath(options.url);
  if (localPath !== undefined) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = missing
      ? `The model mirror (PAINTERLY_MODEL_MIRROR) has no file ${localPath}. Copy the model there (laid out as <mirror>/<model folder>/<file>) or unset PAINTERLY_MODEL_MIRROR to download it, then run the command again.`
      : `Could not read ${localPath} from the model mirror (PAINTERLY_MODEL_MIRROR): ${describeCause(error)}. Check the mirror, then run the command again.`;
    return new PainterlyError('DOWNLOAD_FAILED', message, { cause: error });
  }
  const next = keptBytes > 0
    ? `${keptBytes} bytes are saved in ${partPath}; run the command again to resume from there.`
    : 'Check the network connection (or set PAINTERLY_MODEL_MIRROR to a local copy) and run the command again.';
  return new PainterlyError('DOWNLOAD_FAILED', `Could not download ${options.url}: ${describeCause(error)}. ${next}`, { cause: error });
}

async function transferOnce(options: DownloadFileOptions, workPath: string, file: string): Promise<void> {
  const transfer: TransferOptions = {
    source: options.url,
    partPath: workPath,
    expectedBytes: options.expectedBytes,
    signal: options.signal,
    onBytes: progressReporter(options, file),
  };
  const isLocal = localSourcePath(options.url) !== undefined;
  await (isLocal ? copyIntoPart(transfer) : fetchIntoPart(transfer));
  // A short local copy cannot be resumed; the checksum check below reports it instead.
  const receivedBytes = await existingBytes(workPath);
  if (!isLocal && options.expectedBytes !== undefined && receivedBytes < options.expectedBytes) {
    throw new Error(`the transfer ended after ${receivedBytes} of ${options.expectedBytes} bytes`);
  }
}

/** Transfers into `workPath`; on failure the bytes go back to the resumable `.part` and the error is worded. */
async function transferWithRetries(options: DownloadFileOptions, workPath: string, file: string): Promise<void> {
  const partPath = partPathFor(options.destination);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await transferOnce(options, workPath, file);
    } catch (raw) {
      const isRemote = localSourcePath(options.url) === undefined;
      const retryable = isRemote && !(raw instanceof PartWriteError) && !isPainterlyError(raw) && !options.signal?.aborted;
      if (!retryable || attempt >= (options.retries ?? 0)) {
        await restorePart(workPath, partPath);
        throw await transferError(raw, options, partPath);
      }
      // An abort during the wait ends it early; the next attempt then fails as ABORTED.
      await sleep((options.retryDelayMs ?? 1000) * (attempt + 1), undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}

/**
 * Downloads (or copies from a mirror) one file into `destination`, resuming an earlier `.part`,
 * verifying the checksum of the whole file and renaming it into place atomically. Each call writes
 * its own unique `.part` (adopting the resumable one, see `adoptPart`), so concurrent calls for one
 * file never mix bytes. A checksum mismatch deletes the bytes and throws CHECKSUM_MISMATCH;
 * network and mirror failures throw DOWNLOAD_FAILED and keep the `.part` for the next run; a full,
 * read-only or forbidden cache throws OUTPUT_NOT_WRITABLE (never blamed on the source).
 *
 * @example
 * await downloadFile({ url, destination: '/c/models/vgg19/w.h5', expectedBytes: 80_134_624,
 *   checksum: { algorithm: 'md5', hex: '253f8cb515780f3b799900260a226db6' }, onProgress: console.log });
 */
export async function downloadFile(options: DownloadFileOptions): Promise<void> {
  const workPath = uniquePartPath(options.destination);
  try {
    await downloadInto(options, workPath);
  } finally {
    releasePart(workPath);
  }
}

async function downloadInto(options: DownloadFileOptions, workPath: string): Promise<void> {
  const file = options.file ?? basename(options.destination);
  const partPath = partPathFor(options.destination);
  try {
    await mkdir(dirname(options.destination), { recursive: true }).catch((error: unknown) => {
      throw new PartWriteError(dirname(options.destination), error);
    });
    await adoptPart(options.destination, workPath);
  } catch (error) {
    throw await transferError(error, options, partPath);
  }
  await transferWithRetries(options, workPath, file);
  const { matches, actualHex } = await verifyChecksum(workPath, options.checksum).catch(async (error: unknown) => {
    await restorePart(workPath, partPath);
    throw await transferError(new PartWriteError(workPath, error), options, partPath);
  });
  if (!matches) {
    await rm(workPath, { force: true });
    const { algorithm, hex } = options.checksum;
    throw new PainterlyError(
      'CHECKSUM_MISMATCH',
      `Checksum mismatch for ${file} from ${options.url}: expected ${algorithm} ${hex} but got ${actualHex}. ` +
        'The corrupt download was deleted; run the command again to download it afresh.',
    );
  }
  // Atomic: readers see the old file or the whole verified new one; concurrent writers of the
  // same verified bytes may both rename, and the last one wins with identical content.
  await rename(workPath, options.destination).catch(async (error: unknown) => {
    await rm(workPath, { force: true });
    throw await transferError(new PartWriteError(options.destination, error), options, partPath);
  });
}

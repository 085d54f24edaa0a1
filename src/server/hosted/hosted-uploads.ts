/**
 * Uploads of a hosted deployment: checked like the studio's (`sniffImage`: a real image of a
 * supported format within the pixel limit, fully decoded once) before anything is stored, then the
 * bytes go to object storage (`uploads/<id>`) and the record to the database, owned by the caller.
 * A job names an upload by id; only its owner's ids are found (another user's id is a 404).
 */
import type pg from 'pg';
import { notFound, HttpError } from '../http-errors.js';
import { isId, newId } from '../ids.js';
import type { UploadLookup } from '../jobs/resolve-job.js';
import { assertDecodable, sniffImage, tooManyBytes, uploadInfoSchema, type UploadInfo } from '../uploads.js';
import { uploadKey } from './object-keys.js';
import type { ObjectStorage } from './storage.js';

/** How a stored worker job names an upload's file; the worker replaces it with the file it downloaded. */
export const UPLOAD_PATH_PREFIX = 'upload:';

/** Limits of hosted uploads. */
export interface HostedUploadLimits {
  readonly maxBytes: number;
  readonly maxPixels: number;
}

/**
 * One caller's uploads.
 *
 * @example
 * const uploads = new HostedUploads(database, storage, caller.userId, limits);
 * const info = await uploads.save(bytes, 'photo.jpg');
 */
export class HostedUploads implements UploadLookup {
  constructor(
    private readonly database: pg.Pool,
    private readonly storage: ObjectStorage,
    private readonly userId: string,
    private readonly limits: HostedUploadLimits,
  ) {}

  /** Checks `bytes` and stores them: 400 empty, 413 too many bytes or pixels, 415 not a usable image. Nothing is stored for a refused upload. */
  async save(bytes: Uint8Array, name: string): Promise<UploadInfo> {
    if (bytes.byteLength === 0) throw new HttpError(400, 'BAD_REQUEST', 'Expected image bytes in the request body but received nothing. Send the file itself as the body.');
    if (bytes.byteLength > this.limits.maxBytes) throw tooManyBytes(bytes.byteLength, this.limits.maxBytes);
    const { format, width, height } = await sniffImage(bytes, this.limits.maxPixels);
    await assertDecodable(bytes, this.limits.maxPixels);
    const info: UploadInfo = { id: newId(), format, width, height, bytes: bytes.byteLength, name: displayName(name), createdAt: new Date().toISOString() };
    await this.storage.put(uploadKey(info.id), bytes, `image/${format}`);
    await this.database.query('INSERT INTO uploads (id, user_id, info) VALUES ($1, $2, $3)', [info.id, this.userId, JSON.stringify(info)]);
    return info;
  }

  /** The record of the caller's upload `id`; 404 when the caller has none with that id. */
  async info(id: string): Promise<UploadInfo> {
    if (!isId(id)) throw notFound('upload', id);
    const { rows } = await this.database.query<{ info: unknown }>('SELECT info FROM uploads WHERE id = $1 AND user_id = $2', [id, this.userId]);
    if (!rows[0]) throw notFound('upload', id);
    return uploadInfoSchema.parse(rows[0].info);
  }

  /** The bytes of the caller's upload `id`, as sent; 404 when the caller has none with that id. */
  async bytes(id: string): Promise<{ info: UploadInfo; bytes: Uint8Array }> {
    const info = await this.info(id);
    const bytes = await this.storage.get(uploadKey(info.id));
    if (!bytes) throw notFound('upload', id);
    return { info, bytes };
  }

  /** A placeholder path the worker replaces with the file it downloads (`upload:<id>.<format>`). */
  async imagePath(id: string): Promise<string> {
    const info = await this.info(id);
    return `${UPLOAD_PATH_PREFIX}${info.id}.${info.format}`;
  }
}

function displayName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  return last.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, '').trim().slice(0, 120) || 'image';
}

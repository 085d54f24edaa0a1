/**
 * The object storage of a hosted deployment: any S3-compatible store (AWS S3, MinIO, Ceph, Garage,
 * s3rver in the tests) through `@aws-sdk/client-s3`. Keys: `uploads/<id>`, `results/<jobId>.png`,
 * `previews/<jobId>.jpg`, `checkpoints/<jobId>`. A PUT is atomic in S3: a reader sees the old object
 * or the new one, never half of one, so a result is never half-written.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PainterlyError } from '../../engine/errors.js';

/** Where the store is and how to sign in, from a `--storage` URL. */
export interface StorageLocation {
  /** The endpoint, e.g. `http://127.0.0.1:9000` (the URL without credentials, path and query). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

/**
 * Reads a `--storage` URL: `http(s)://ACCESS_KEY:SECRET@HOST[:PORT]/BUCKET[?region=REGION]`. Without
 * credentials in the URL the SDK's usual sources apply (AWS_ACCESS_KEY_ID, …). Path-style addressing
 * is used, which every S3-compatible store understands.
 *
 * @example
 * parseStorageUrl('http://key:secret@127.0.0.1:9000/painterly') // → { endpoint: 'http://127.0.0.1:9000', bucket: 'painterly', region: 'us-east-1', … }
 */
export function parseStorageUrl(text: string): StorageLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidStorage(text);
  }
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  if (!/^https?:$/.test(url.protocol) || !bucket || bucket.includes('/')) throw invalidStorage(text);
  return {
    endpoint: `${url.protocol}//${url.host}`,
    bucket,
    region: url.searchParams.get('region') ?? 'us-east-1',
    ...(url.username ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } : {}),
  };
}

function invalidStorage(text: string): PainterlyError {
  const shown = text.replace(/\/\/[^@/]*@/, '//…@');
  return new PainterlyError('INVALID_OPTION', `Expected an S3-compatible store as http(s)://ACCESS_KEY:SECRET@HOST:PORT/BUCKET for storage but received ${JSON.stringify(shown)}.`);
}

/**
 * Objects of one bucket.
 *
 * @example
 * const storage = createObjectStorage('http://key:secret@127.0.0.1:9000/painterly');
 * await storage.put('results/1.png', png, 'image/png');
 */
export class ObjectStorage {
  private readonly client: S3Client;

  constructor(readonly location: StorageLocation) {
    this.client = new S3Client({
      endpoint: location.endpoint,
      region: location.region,
      forcePathStyle: true,
      // Checksums only where S3 requires them: several S3-compatible stores do not know the newer headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(location.accessKeyId ? { credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey ?? '' } } : {}),
    });
  }

  /** Stores `bytes` under `key` (atomically: readers see the old object or the new one). */
  async put(key: string, bytes: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  /** Copies object `from` to `to` inside the store (the store does the work: a client that dies meanwhile cannot cut it short). */
  async copy(from: string, to: string): Promise<void> {
    await this.client.send(new CopyObjectCommand({ Bucket: this.location.bucket, CopySource: `${this.location.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`, Key: to }));
  }

  /** The bytes under `key`, or undefined when there is no such object. */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Deletes `key` (nothing when it is not there). */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  /** Throws when the bucket cannot be reached (readiness). */
  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}

/** Object storage for a `--storage` URL. */
export function createObjectStorage(url: string): ObjectStorage {
  return new ObjectStorage(parseStorageUrl(url));
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

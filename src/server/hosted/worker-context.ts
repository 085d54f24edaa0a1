/**
 * What the parts of a worker node share while running jobs.
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { FinalMessage } from '../jobs/protocol.js';
import type { WorkerRun } from '../jobs/worker-host.js';
import type { Mailer } from './email.js';
import type { NotifyQueueData } from './queues.js';
import type { ObjectStorage } from './storage.js';

/** A worker node's connections and state, as its job runs use them. */
export interface RunContext {
  readonly name: string;
  readonly database: pg.Pool;
  readonly storage: ObjectStorage;
  readonly notify: Queue<NotifyQueueData>;
  readonly mailer: Mailer | undefined;
  readonly threads: number | undefined;
  readonly log: (message: string) => void;
  /** Set by `close()`: quality jobs stop with a checkpoint and go back to the queue. */
  draining: boolean;
  /** The quality jobs running on this node. */
  readonly qualityRuns: Set<WorkerRun>;
}

/** What a run came to: its final message, or handed back to the queue (the node is draining). */
export type RunEnd = FinalMessage | { readonly type: 'handed-back' };

/** What the routes of the studio server work with, made once by `startStudioServer`. */
import type { GalleryStore } from './gallery/store.js';
import type { JobManager } from './jobs/job-manager.js';
import type { PaintingJobs } from './jobs/painting-jobs.js';
import type { PresetSamples } from './preset-samples.js';
import type { SampleLibrary } from './samples.js';
import type { HostAllowList } from './security.js';
import type { ServerOptions } from './server-options.js';
import type { StudioAsset } from './studio-assets.js';
import type { UploadReceiver } from './upload-body.js';
import type { UploadStore } from './uploads.js';
import type { VisualizationRuns } from './visualize/visualization-runs.js';

/** The studio's services. */
export interface StudioServices {
  readonly options: ServerOptions;
  /** The names and port requests must be addressed to (`Host`, `Origin`). */
  readonly hosts: HostAllowList;
  readonly gallery: GalleryStore;
  /** The one job runner (paintings and visualizations). */
  readonly jobs: JobManager;
  /** Paintings as gallery items. */
  readonly paintings: PaintingJobs;
  readonly uploads: UploadStore;
  /** Receives upload bodies: bytes, uploads at once and transfer rate bounded. */
  readonly uploadReceiver: UploadReceiver;
  readonly samples: SampleLibrary;
  /** "What the network sees" runs. */
  readonly visualizations: VisualizationRuns;
  /** Small pictures painted by each preset. */
  readonly presetSamples: PresetSamples;
  readonly assets: ReadonlyMap<string, StudioAsset>;
  /** Logs server-side problems (with stacks); clients never see these. */
  readonly log: (error: unknown) => void;
}

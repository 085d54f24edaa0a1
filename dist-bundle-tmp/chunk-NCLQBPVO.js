import {
  DEFAULT_VISUALIZE_SIZE_PX,
  MAX_SIZE_PX
} from "./chunk-KVEV2N3B.js";
import {
  DEFAULT_MAX_PIXELS,
  DEFAULT_NETWORK,
  POOLING_KINDS
} from "./chunk-RLZ7CLXZ.js";
import {
  DEVICE_OPTION,
  OUTPUT_MODE_OPTIONS,
  THREADS_OPTION
} from "./chunk-OR6FP33I.js";
import {
  PREPROCESSING_NAMES,
  deviceSchema
} from "./chunk-YB37QKVG.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/visualize-options.js
import { z } from "zod";
var VISUALIZE_OPTIONS = [
  { flag: "layer", field: "layer", kind: "string", short: "l", placeholder: "LAYER", group: "What to show", description: "Conv layer whose units to show: conv1_1 \u2026 conv5_4 for VGG19, conv1 \u2026 conv15 for Darknet Tiny. Required." },
  { flag: "units", field: "units", kind: "stringList", repeatable: true, short: "u", placeholder: "LIST", group: "What to show", description: "Units (channels) to show, one row each: numbers and ranges, e.g. 0-15 or 3,7,9-11.", defaultText: "the first 16" },
  { flag: "top-units", field: "topUnits", kind: "number", placeholder: "N", group: "What to show", description: "Instead of --units: the N units with the highest maximum activation over the images." },
  { flag: "images", field: "images", kind: "string", short: "i", placeholder: "DIR", group: "What to show", description: "Folder of images (searched recursively: .jpg .jpeg .png .webp .tif .tiff .gif; unreadable files are skipped). Required." },
  { flag: "size", field: "size", kind: "number", placeholder: "PX", group: "What to show", description: "Every image is scaled so its short side is PX and centre-cropped to PX \xD7 PX.", defaultText: String(DEFAULT_VISUALIZE_SIZE_PX) },
  { flag: "output", field: "output", kind: "string", short: "o", placeholder: "FILE", group: "What to show", description: "Where to write the grid (.png .jpg .webp \u2026), atomically; never over one of the images it reads.", defaultText: "visualize-LAYER.png in the current directory" },
  { flag: "max-pixels", field: "maxPixels", kind: "number", placeholder: "N", group: "What to show", description: "Skip images with more pixels than this (large ones are shrunk while decoded, so memory follows --size).", defaultText: String(DEFAULT_MAX_PIXELS) },
  { flag: "network", field: "network", kind: "string", placeholder: "NAME|PATH", group: "Engine", description: "Feature network: vgg19 (ImageNet weights from the model store, `painterly models download vgg19`), darknet-tiny (a real 4 MB ImageNet network, downloaded on first use), vgg16, a name from `painterly models import`, or a path: a VGG19/VGG16 .pth, .safetensors, Keras .h5/.keras or Caffe .caffemodel file (its format read from its bytes), or a TF.js model.json.", defaultText: DEFAULT_NETWORK },
  { flag: "weights", field: "weights", kind: "string", placeholder: "random[:SEED]|NAME|PATH", group: "Engine", description: "random[:SEED] = untrained weights of the network \u2014 they show what a random network responds to, not what it learns; a NAME or PATH is the same as --network." },
  { flag: "preprocessing", field: "preprocessing", kind: "string", placeholder: PREPROCESSING_NAMES.join("|"), group: "Engine", description: "How a VGG file's input is prepared (see `painterly stylize --help`); needed only for a .pth/.safetensors file Painterly does not know by its SHA-256.", defaultText: "the file's own" },
  { flag: "pooling", field: "pooling", kind: "string", placeholder: POOLING_KINDS.join("|"), group: "Engine", description: "Pooling between stages (the receptive fields are the same for both).", defaultText: "the network's own: avg for VGG19, max for Darknet Tiny" },
  THREADS_OPTION,
  DEVICE_OPTION,
  ...OUTPUT_MODE_OPTIONS
];
var visualizeCliSchema = z.object({
  layer: z.string().min(1),
  images: z.string().min(1),
  units: z.array(z.string()).optional(),
  topUnits: z.number().int().min(1).optional(),
  size: z.number().int().min(1).max(MAX_SIZE_PX).default(DEFAULT_VISUALIZE_SIZE_PX),
  output: z.string().min(1).optional(),
  network: z.string().min(1).optional(),
  weights: z.string().min(1).optional(),
  preprocessing: z.enum(PREPROCESSING_NAMES).optional(),
  pooling: z.enum(POOLING_KINDS).optional(),
  threads: z.number().int().min(1).max(1024).optional(),
  device: deviceSchema,
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS)
});
function parseUnitList(parts) {
  const units = /* @__PURE__ */ new Set();
  for (const part of parts) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const first = Number(match?.[1]);
    const last = match?.[2] === void 0 ? first : Number(match[2]);
    if (!match || last < first || last - first > 1e5) {
      throw new PainterlyError("INVALID_OPTION", `Expected unit numbers or ranges such as 0-15 or 3,7,9-11 for --units but received "${part}".`);
    }
    for (let unit = first; unit <= last; unit++)
      units.add(unit);
  }
  return [...units];
}

export {
  VISUALIZE_OPTIONS,
  visualizeCliSchema,
  parseUnitList
};

/**
 * The JSON the studio API sends and accepts (see docs/studio.md): the server's own declarations
 * (`src/server/api-types.ts`, types only), never a copy.
 */
export type * from '../../src/server/api-types.js';

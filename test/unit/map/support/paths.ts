import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory the tests run from. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const DATA_DIR = path.join(REPO_ROOT, 'data');

/**
 * The shared sample archive, read in place: CI checks `shared/` out
 * beside the repository.
 */
export const SAMPLE_PMTILES = path.resolve(
  REPO_ROOT,
  '../shared/data/basemap/stamen-toner-raster-z0-3.pmtiles',
);

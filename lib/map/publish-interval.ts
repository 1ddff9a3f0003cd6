/**
 * The GeoJSON for clusters, clicks and labels is re-sent at most this
 * often: a fix-rate cost. Motion in between is the GPU's.
 */
export const PUBLISH_MS = 1000;

/**
 * Vehicles re-sent per second at most. Writing the source and clustering
 * it again in MapLibre's worker grow with the fleet while the machine
 * does not, so a larger fleet is re-sent less often: every 5 s at 50k.
 * Its arrows still move at the fix rate; what waits is clusters, labels
 * and click targets.
 */
export const PUBLISH_PER_S = 10_000;

/** How long the clustered source waits between publishes, ms. */
export function publishInterval(vehicles: number): number {
  const seconds = Math.ceil(vehicles / PUBLISH_PER_S);
  return Math.max(PUBLISH_MS, seconds * 1000);
}

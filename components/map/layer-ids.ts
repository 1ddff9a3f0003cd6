/**
 * Ids of the sources and layers the vehicle layer adds, for code that
 * toggles them (`map.setLayoutProperty(id, 'visibility', …)`) or draws
 * beside them. The glide layer is a custom WebGL layer: it takes
 * visibility like any other.
 */

/** Every vehicle but the selected one, clustered when zoomed out; 1 Hz. */
export const VEHICLE_SOURCE = 'vehicles';
/** The selected vehicle alone, moved every frame while it glides. */
export const SELECTED_SOURCE = 'vehicles-selected';

/** Invisible hit targets for clicks and queryRenderedFeatures. */
export const VEHICLE_LAYER = 'vehicles';
/** Arrows and dots gliding on the GPU, drawn from the glide zoom up. */
export const GLIDE_LAYER = 'vehicles-glide';
/** Unclustered vehicles below the glide zoom, moved at fix rate. */
export const POINT_LAYER = 'vehicles-points';
/** The ring around the selected vehicle. */
export const SELECTED_LAYER = 'vehicles-selected';
/** The selected vehicle's arrow, above every other vehicle. */
export const SELECTED_ICON_LAYER = 'vehicles-selected-icon';

export const CLUSTER_LAYER = 'vehicles-clusters';
export const CLUSTER_COUNT_LAYER = 'vehicles-cluster-count';

export const LABEL_LAYER = 'vehicles-labels';
export const SELECTED_LABEL_LAYER = 'vehicles-selected-label';

/** Everything that draws a vehicle itself. */
export const VEHICLE_LAYER_IDS = [
  VEHICLE_LAYER,
  POINT_LAYER,
  GLIDE_LAYER,
  SELECTED_LAYER,
  SELECTED_ICON_LAYER,
] as const;

export const CLUSTER_LAYER_IDS = [CLUSTER_LAYER, CLUSTER_COUNT_LAYER] as const;

export const LABEL_LAYER_IDS = [LABEL_LAYER, SELECTED_LABEL_LAYER] as const;

/** Zooms below this show clusters; from it up, vehicles glide. */
export const GLIDE_MIN_ZOOM = 9;
/** Labels appear from this zoom up. */
export const LABEL_MIN_ZOOM = 14;

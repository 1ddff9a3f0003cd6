import type { FeatureCollection } from 'geojson';
import type {
  CustomLayerInterface,
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  Map as MapLibreMap,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import { STATUS_COLOUR, STATUS_ORDER } from '@/lib/fleet/status';
import {
  CLUSTER_COUNT_LAYER,
  CLUSTER_LAYER,
  GLIDE_MIN_ZOOM,
  LABEL_LAYER,
  LABEL_MIN_ZOOM,
  POINT_LAYER,
  SELECTED_ICON_LAYER,
  SELECTED_LABEL_LAYER,
  SELECTED_LAYER,
  SELECTED_SOURCE,
  VEHICLE_LAYER,
  VEHICLE_SOURCE,
} from './layer-ids';
import { COUNT_IMAGE, LABEL_IMAGE } from './text-images';
import { ARROW_ICON, DOT_ICON } from './vehicle-icons';

/** Vehicles this many pixels apart or closer share a cluster. */
const CLUSTER_RADIUS_PX = 50;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const UNCLUSTERED: ExpressionSpecification = ['!', ['has', 'point_count']];

const statusColour = [
  'match',
  ['get', 'status'],
  ...STATUS_ORDER.flatMap((s) => [s, STATUS_COLOUR[s]]),
  STATUS_COLOUR.stale,
] as unknown as ExpressionSpecification;

const iconImage: DataDrivenPropertyValueSpecification<string> = [
  'case',
  ['has', 'heading'],
  ARROW_ICON,
  DOT_ICON,
];

/**
 * The vehicle sources and layers, bottom to top: clusters, fix-rate
 * points below the glide zoom, invisible hit targets, the GPU glide
 * layer, labels, then the selected vehicle above everything.
 */
export function addVehicleStyle(map: MapLibreMap, glide: CustomLayerInterface): void {
  if (map.getSource(VEHICLE_SOURCE)) return;
  map.addSource(VEHICLE_SOURCE, {
    type: 'geojson',
    data: EMPTY,
    cluster: true,
    clusterMaxZoom: GLIDE_MIN_ZOOM - 1,
    clusterRadius: CLUSTER_RADIUS_PX,
    clusterProperties: {
      alerting: ['+', ['case', ['==', ['get', 'status'], 'alerting'], 1, 0]],
    },
  });
  map.addSource(SELECTED_SOURCE, { type: 'geojson', data: EMPTY });

  map.addLayer({
    id: CLUSTER_LAYER,
    type: 'circle',
    source: VEHICLE_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': [
        'case',
        ['>', ['get', 'alerting'], 0],
        STATUS_COLOUR.alerting,
        '#1f6feb',
      ],
      'circle-opacity': 0.85,
      'circle-radius': ['step', ['get', 'point_count'], 14, 100, 18, 1000, 24],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: CLUSTER_COUNT_LAYER,
    type: 'symbol',
    source: VEHICLE_SOURCE,
    filter: ['has', 'point_count'],
    layout: {
      'icon-image': ['concat', COUNT_IMAGE, ['get', 'point_count_abbreviated']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
  map.addLayer({
    id: POINT_LAYER,
    type: 'symbol',
    source: VEHICLE_SOURCE,
    filter: UNCLUSTERED,
    maxzoom: GLIDE_MIN_ZOOM,
    layout: {
      'icon-image': iconImage,
      'icon-rotate': ['coalesce', ['get', 'heading'], 0],
      'icon-rotation-alignment': 'map',
      'icon-size': 0.4,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: {
      'icon-color': statusColour,
      'icon-halo-color': '#ffffff',
      'icon-halo-width': 2,
    },
  });
  // Clicks and tests hit these; the glide layer, being pixels on the GPU,
  // cannot be queried. They sit where the newest fix is, at most one
  // reporting interval ahead of the gliding arrow.
  map.addLayer({
    id: VEHICLE_LAYER,
    type: 'circle',
    source: VEHICLE_SOURCE,
    filter: UNCLUSTERED,
    paint: {
      'circle-radius': 12,
      'circle-opacity': 0,
      'circle-stroke-opacity': 0,
    },
  });
  map.addLayer(glide);
  map.addLayer({
    id: LABEL_LAYER,
    type: 'symbol',
    source: VEHICLE_SOURCE,
    filter: UNCLUSTERED,
    minzoom: LABEL_MIN_ZOOM,
    layout: labelLayout(),
  });

  map.addLayer({
    id: SELECTED_LAYER,
    type: 'circle',
    source: SELECTED_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 11, 16, 20],
      'circle-color': 'rgba(31, 111, 235, 0.18)',
      'circle-stroke-color': '#1f6feb',
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: SELECTED_ICON_LAYER,
    type: 'symbol',
    source: SELECTED_SOURCE,
    layout: {
      'icon-image': iconImage,
      'icon-rotate': ['coalesce', ['get', 'heading'], 0],
      'icon-rotation-alignment': 'map',
      'icon-size': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 12, 0.55, 16, 0.8],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: {
      'icon-color': statusColour,
      'icon-halo-color': '#ffffff',
      'icon-halo-width': 2,
    },
  });
  map.addLayer({
    id: SELECTED_LABEL_LAYER,
    type: 'symbol',
    source: SELECTED_SOURCE,
    minzoom: GLIDE_MIN_ZOOM,
    layout: { ...labelLayout(), 'icon-allow-overlap': true },
  });
}

/** Below the vehicle, and dropped where it would cover another label. */
function labelLayout(): NonNullable<SymbolLayerSpecification['layout']> {
  return {
    'icon-image': ['concat', LABEL_IMAGE, ['get', 'label']],
    'icon-anchor': 'top',
    'icon-offset': [0, 14],
    'icon-allow-overlap': false,
    'icon-ignore-placement': false,
    'icon-padding': 2,
  };
}

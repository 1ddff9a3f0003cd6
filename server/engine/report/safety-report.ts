import path from 'node:path';
import type { Severity } from '../../../lib/protocol';
import { KIT_FOLDER, loadKitDrives } from '../../sources/kit';
import { loadVed, type VedData } from '../../sources/ved';
import type { Sample } from '../sample';
import { createSafetyDetectors } from '../detectors/all';
import { DEFAULT_SAFETY_SETTINGS, type SafetySettings } from '../detectors/settings';
import { createSpeedSeries } from '../detectors/speed-series';
import type { DetectorEvent, SafetyCategory } from '../detectors/types';

/**
 * Runs every safety detector over every recorded KIT drive and VED trip
 * on its real clock, to see what the thresholds raise on real data.
 */
export interface SafetyReportRow {
  source: 'kit' | 'ved';
  /** KIT file name without `.csv`, or the VED trip id. */
  drive: string;
  /** First sample, epoch ms UTC. */
  start: number;
  durationS: number;
  maxSpeedKmh: number;
  /** Readings the speed series dropped as physically impossible. */
  rejectedSteps: number;
  events: ReportEvent[];
}

export interface ReportEvent {
  category: SafetyCategory;
  severity: Severity;
  /** Seconds from the drive's first sample to the episode's start. */
  offsetS: number;
  eventData: Record<string, number>;
}

const VED_FOLDER = 'ved-ann-arbor';

export function safetyReport(
  dataDir: string,
  settings: SafetySettings = DEFAULT_SAFETY_SETTINGS,
): SafetyReportRow[] {
  const kit = loadKitDrives(path.join(dataDir, KIT_FOLDER)).map((drive) =>
    reportRow('kit', drive.id, drive.samples, settings),
  );
  const ved = vedTrips(loadVed(path.join(dataDir, VED_FOLDER, 'ved_trips.csv')));
  const trips = ved.map((trip) => reportRow('ved', trip.id, trip.samples, settings));
  return [...kit, ...trips];
}

/** Every safety detector over one vehicle's samples, events in time order. */
export function detectSafety(
  samples: Sample[],
  settings: SafetySettings,
): DetectorEvent[] {
  const detectors = createSafetyDetectors(settings);
  const events = samples.flatMap((s) => detectors.flatMap((d) => d.step(s)));
  events.push(...detectors.flatMap((d) => d.finish()));
  return events.sort((a, b) => a.t - b.t);
}

function reportRow(
  source: SafetyReportRow['source'],
  drive: string,
  samples: Sample[],
  settings: SafetySettings,
): SafetyReportRow {
  const start = samples[0]?.t ?? 0;
  const end = samples.at(-1)?.t ?? start;
  const series = createSpeedSeries(settings.harshBraking.series);
  let maxSpeedKmh = 0;
  for (const sample of samples) {
    series.push(sample);
    maxSpeedKmh = Math.max(maxSpeedKmh, sample.speedKmh ?? 0);
  }

  const events = detectSafety(samples, settings).map((e) => ({
    category: e.category,
    severity: e.severity,
    offsetS: Math.round((e.t - start) / 100) / 10,
    eventData: e.eventData,
  }));
  return {
    source,
    drive,
    start,
    durationS: Math.round((end - start) / 1000),
    maxSpeedKmh,
    rejectedSteps: series.rejected,
    events,
  };
}

interface VedTripSamples {
  id: string;
  samples: Sample[];
}

/**
 * Each trip's fixes back on their real clock: the loader shifted every
 * trip onto a shared synthetic timeline, by syntheticStart − realStart.
 */
function vedTrips(ved: VedData): VedTripSamples[] {
  const trips = new Map(ved.trips.map((t) => [t.tripId, t]));
  const byTrip = new Map<string, Sample[]>();
  for (const { recordedTime, fix } of ved.recording.fixes) {
    const trip = trips.get(fix.tripId ?? '');
    if (!trip) continue;
    const sample: Sample = {
      t: recordedTime - trip.syntheticStart + trip.realStart,
      lat: fix.lat,
      lon: fix.lon,
    };
    if (fix.speedKmh !== undefined) sample.speedKmh = fix.speedKmh;
    if (fix.engineRpm !== undefined) sample.engineRpm = fix.engineRpm;
    const list = byTrip.get(trip.tripId) ?? [];
    list.push(sample);
    byTrip.set(trip.tripId, list);
  }
  return ved.trips.map((t) => ({ id: t.tripId, samples: byTrip.get(t.tripId) ?? [] }));
}

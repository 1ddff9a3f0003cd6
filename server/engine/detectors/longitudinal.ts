import { round } from '../../../lib/geo/units';
import type { Sample } from '../sample';
import {
  createSpeedSeries,
  type SpeedSeriesSettings,
  type SpeedStep,
} from './speed-series';
import { severityFor } from './tiers';
import type { Detector, DetectorEvent, SafetyCategory, Tiers } from './types';

/**
 * The episode logic harsh braking and harsh acceleration share, on the
 * steps of the speed series. A step at least `entryG` strong in the
 * watched direction opens or extends an episode. The episode ends at a
 * step as strong the other way, after `bridgeS` of weaker steps, or
 * after `quietS` with no new reading at all; a rejected reading drops it.
 *
 * An ended episode raises one event, dated at its start, when it lasted
 * at least `minDurationS` and its strongest step reaches a tier. The
 * duration rule is what "sustained" means: one reading pair alone, about
 * 1 s on KIT's round-robin, never makes an event.
 */
export interface LongitudinalSettings {
  /** Severity tiers on the episode's strongest step, g. */
  tiersG: Tiers;
  /** A step at least this strong (g) opens or extends an episode. */
  entryG: number;
  /** Shortest episode (s) that raises an event. */
  minDurationS: number;
  /**
   * Weaker steps lasting up to this long (s) do not end an episode: a
   * gear change pauses a hard pull-away for one reading without ending it.
   */
  bridgeS: number;
  /**
   * With no new reading for this long (s) an episode ends: a car braked
   * to a standstill sends none, and its alert should not wait until it
   * moves off. Longer than the source's slowest reading interval.
   */
  quietS: number;
  series: SpeedSeriesSettings;
}

export interface Direction {
  category: SafetyCategory;
  /** −1 watches slowing down, +1 speeding up. */
  sign: -1 | 1;
  /** The eventData key of the peak in g, e.g. `deceleration`. */
  peakKey: string;
}

/** Standard gravity, m/s². */
export const G = 9.80665;

export function createLongitudinal(
  direction: Direction,
  settings: LongitudinalSettings,
): Detector {
  const series = createSpeedSeries(settings.series);
  const entry = settings.entryG * G;
  let open: Episode | undefined;

  function close(): DetectorEvent[] {
    const episode = open;
    open = undefined;
    if (!episode) return [];
    const event = toEvent(episode, direction, settings);
    return event ? [event] : [];
  }

  function step(sample: Sample): DetectorEvent[] {
    const update = series.push(sample);
    if (update.kind === 'rejected') {
      // Bad data taints its neighbours: a dropout held over two refreshes
      // can pass the limit on its way down and fail it on its way back.
      open = undefined;
      return [];
    }
    if (!open) {
      if (update.kind === 'step') open = start(update.step);
      return [];
    }

    if (update.kind !== 'step') {
      return sample.t - open.last.to.t > settings.quietS * 1000 ? close() : [];
    }
    const strength = direction.sign * update.step.accelMps2;
    if (strength >= entry) {
      open = extend(open, update.step, strength);
      return [];
    }
    const reversed = strength <= -entry;
    const paused = update.step.to.t - open.last.to.t;
    return reversed || paused > settings.bridgeS * 1000 ? close() : [];
  }

  /** Opens an episode when the step is strong enough. */
  function start(step: SpeedStep): Episode | undefined {
    const strength = direction.sign * step.accelMps2;
    return strength >= entry ? { first: step, last: step, peak: strength } : undefined;
  }

  return { step, finish: close };
}

interface Episode {
  first: SpeedStep;
  last: SpeedStep;
  /** Strongest step, m/s², positive in the watched direction. */
  peak: number;
}

function extend(episode: Episode, step: SpeedStep, strength: number): Episode {
  return { first: episode.first, last: step, peak: Math.max(episode.peak, strength) };
}

function toEvent(
  episode: Episode,
  direction: Direction,
  settings: LongitudinalSettings,
): DetectorEvent | undefined {
  const { first, last, peak } = episode;
  const durationS = (last.to.t - first.from.t) / 1000;
  if (durationS < settings.minDurationS) return undefined;
  const severity = severityFor(peak / G, settings.tiersG);
  if (!severity) return undefined;

  const event: DetectorEvent = {
    category: direction.category,
    severity,
    t: first.from.t,
    eventData: {
      [direction.peakKey]: round((direction.sign * peak) / G, 3),
      speed_before: first.from.speedKmh,
      speed_after: last.to.speedKmh,
      duration: round(durationS, 1),
      peak_mps2: round(direction.sign * peak, 2),
    },
  };
  if (first.from.lat !== undefined) event.lat = first.from.lat;
  if (first.from.lon !== undefined) event.lon = first.from.lon;
  return event;
}

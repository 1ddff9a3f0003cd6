import { round } from '../../../lib/geo/units';
import type { Sample } from '../sample';
import { closing, located, placeOf, type Place } from './episode';
import { severityFor } from './tiers';
import type { Detector, DetectorEvent, Tiers } from './types';

/**
 * Speeding against one configured limit (the recorded data carries no
 * road limits). An episode opens at the first sample over the limit and
 * ends only once the speed drops `rearmBelowKmh` under it, so a car
 * hovering at the limit makes one episode, not one per crossing. It
 * raises one event when it ends, if the time from its first to its last
 * sample over the limit reached `minDurationS`; severity comes from the
 * peak's excess over the limit. While it lasts, `ongoing` answers that
 * event as it stands.
 *
 * Speed is a level here, not a derivative, so a value a logger carried
 * forward still counts: it is the vehicle's latest known speed.
 * eventData: `speed_limit`, `peak_speed`, `excess` (km/h), `duration` (s).
 */
export interface SpeedingSettings {
  limitKmh: number;
  minDurationS: number;
  /** Hysteresis: the episode ends below `limitKmh − rearmBelowKmh`. */
  rearmBelowKmh: number;
  /** Tiers on the peak's excess over the limit, km/h. */
  tiersOverKmh: Tiers;
}

export function createSpeeding(settings: SpeedingSettings): Detector {
  const { limitKmh } = settings;
  let open: Episode | undefined;

  function close(): DetectorEvent[] {
    const episode = open;
    open = undefined;
    return closing(episode, (e) => toEvent(e, settings));
  }

  function step(sample: Sample): DetectorEvent[] {
    const speed = sample.speedKmh;
    if (speed === undefined || !Number.isFinite(speed)) return [];

    if (speed > limitKmh) {
      open = open ? extend(open, sample.t, speed) : start(sample, speed);
      return [];
    }
    return speed < limitKmh - settings.rearmBelowKmh ? close() : [];
  }

  return { step, finish: close, ongoing: () => open && toEvent(open, settings) };
}

interface Episode extends Place {
  start: number;
  lastOver: number;
  peak: number;
}

function start(sample: Sample, speed: number): Episode {
  return { start: sample.t, lastOver: sample.t, peak: speed, ...placeOf(sample) };
}

function extend(episode: Episode, t: number, speed: number): Episode {
  return { ...episode, lastOver: t, peak: Math.max(episode.peak, speed) };
}

function toEvent(
  episode: Episode,
  settings: SpeedingSettings,
): DetectorEvent | undefined {
  const durationS = (episode.lastOver - episode.start) / 1000;
  if (durationS < settings.minDurationS) return undefined;
  const excess = episode.peak - settings.limitKmh;
  const severity = severityFor(excess, settings.tiersOverKmh);
  if (!severity) return undefined;

  const event: DetectorEvent = {
    category: 'speeding',
    severity,
    t: episode.start,
    eventData: {
      speed_limit: settings.limitKmh,
      peak_speed: episode.peak,
      excess: round(excess, 1),
      duration: round(durationS, 1),
    },
  };
  return located(event, episode);
}

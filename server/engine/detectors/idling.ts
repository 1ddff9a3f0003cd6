import type { Sample } from '../sample';
import { closing, located, placeOf, type Place } from './episode';
import { severityFor } from './tiers';
import type { Detector, DetectorEvent, Tiers } from './types';

/**
 * Idling: the engine running (rpm above 0) while the vehicle stands
 * still. Only samples carrying both rpm and speed are judged; the rest
 * neither extend nor end an episode, so a vehicle that reports no rpm is
 * never accused of idling. A hybrid whose engine stops at a light reads
 * rpm 0 and is not idling either.
 *
 * An episode ends at the first judged sample that is not idle, or at
 * `finish`; it raises one event when its length reaches the lowest tier.
 * While it lasts, `ongoing` answers that event as it stands.
 * eventData: `duration` (s).
 */
export interface IdlingSettings {
  /** Below this speed (km/h) the vehicle stands still. */
  stationaryBelowKmh: number;
  /** Tiers on the idle time, s; the lowest is the shortest idle reported. */
  tiersS: Tiers;
}

export function createIdling(settings: IdlingSettings): Detector {
  let open: Episode | undefined;

  function close(): DetectorEvent[] {
    const episode = open;
    open = undefined;
    return closing(episode, (e) => toEvent(e, settings));
  }

  function step(sample: Sample): DetectorEvent[] {
    const { engineRpm: rpm, speedKmh: speed } = sample;
    if (rpm === undefined || speed === undefined) return [];

    const idle = rpm > 0 && speed < settings.stationaryBelowKmh;
    if (!idle) return close();
    if (open) open.last = sample.t;
    else open = start(sample);
    return [];
  }

  return { step, finish: close, ongoing: () => open && toEvent(open, settings) };
}

interface Episode extends Place {
  start: number;
  last: number;
}

function start(sample: Sample): Episode {
  return { start: sample.t, last: sample.t, ...placeOf(sample) };
}

function toEvent(episode: Episode, settings: IdlingSettings): DetectorEvent | undefined {
  const durationS = (episode.last - episode.start) / 1000;
  const severity = severityFor(durationS, settings.tiersS);
  if (!severity) return undefined;

  const event: DetectorEvent = {
    category: 'idling',
    severity,
    t: episode.start,
    eventData: { duration: Math.round(durationS) },
  };
  return located(event, episode);
}

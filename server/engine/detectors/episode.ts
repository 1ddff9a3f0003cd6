import type { Sample } from '../sample';
import type { DetectorEvent } from './types';

/** Where an episode began, when the sample that opened it had a position. */
export interface Place {
  lat?: number;
  lon?: number;
}

export function placeOf(sample: Sample): Place {
  const place: Place = {};
  if (sample.lat !== undefined) place.lat = sample.lat;
  if (sample.lon !== undefined) place.lon = sample.lon;
  return place;
}

/** The event, located where its episode began. */
export function located(event: DetectorEvent, place: Place): DetectorEvent {
  if (place.lat !== undefined) event.lat = place.lat;
  if (place.lon !== undefined) event.lon = place.lon;
  return event;
}

/** An episode that ends raises at most one event (none if under threshold). */
export function closing<E>(
  episode: E | undefined,
  toEvent: (e: E) => DetectorEvent | undefined,
): DetectorEvent[] {
  if (!episode) return [];
  const event = toEvent(episode);
  return event ? [event] : [];
}

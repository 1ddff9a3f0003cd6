import { humanize } from '../fleet/format';
import type { NotifyChannel } from '../protocol';
import type { FleetAlert } from './alert';

type Detail = FleetAlert['detail'];

/**
 * The measurement that made an alert, in a few words: "0.52 g from 48 km/h",
 * "142 km/h where 120 is allowed". Empty when the category is unknown or
 * the alert carries no numbers.
 */
export function describeAlert(a: Pick<FleetAlert, 'category' | 'detail'>): string {
  const describe = DESCRIBERS[a.category];
  return describe ? describe(a.detail) : '';
}

const DESCRIBERS: Record<string, (d: Detail) => string> = {
  harsh_braking: (d) => peak(d['deceleration'], d['speed_before']),
  harsh_acceleration: (d) => peak(d['acceleration'], d['speed_before']),
  speeding: (d) =>
    all(d['peak_speed'], d['speed_limit'])
      ? `${num(d['peak_speed'])} km/h where ${num(d['speed_limit'])} is allowed`
      : '',
  idling: (d) => (all(d['duration']) ? `idle for ${minutes(d['duration'])}` : ''),
  route_deviation: (d) =>
    all(d['distance_m']) ? `${num(d['distance_m'])} m off the planned route` : '',
  device_offline: (d) =>
    all(d['silent_minutes']) ? `silent for ${num(d['silent_minutes'])} min` : '',
  engine_overheating: (d) =>
    all(d['engine_temp_peak']) ? `coolant at ${num(d['engine_temp_peak'])} °C` : '',
  low_fuel: (d) => (all(d['fuel_level']) ? `${num(d['fuel_level'])} % fuel left` : ''),
  service_due: (d) => (all(d['odometer']) ? `${num(d['odometer'])} km on the clock` : ''),
};

function peak(g: unknown, from: unknown): string {
  if (typeof g !== 'number' || !Number.isFinite(g)) return '';
  const text = `${Math.abs(g).toFixed(2)} g`;
  return all(from) ? `${text} from ${num(from)} km/h` : text;
}

/** True when every value is a finite number. */
function all(...values: unknown[]): boolean {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function num(v: unknown): string {
  return typeof v === 'number' ? String(Math.round(v)) : '';
}

function minutes(seconds: unknown): string {
  return typeof seconds === 'number' ? `${Math.round(seconds / 60)} min` : '';
}

/** "High alert: Harsh braking, Car 480. 0.52 g from 48 km/h." */
export function announcement(a: FleetAlert, vehicle: string): string {
  const severity = a.severity.charAt(0).toUpperCase() + a.severity.slice(1);
  const what = describeAlert(a);
  const head = `${severity} alert: ${humanize(a.category)}, ${vehicle}.`;
  return what ? `${head} ${what.charAt(0).toUpperCase()}${what.slice(1)}.` : head;
}

/**
 * Who moved an alert on, in words. Actors are API key ids; the page's
 * own key is "you", the engine is "the system", any other admin is named
 * by the start of their key id, as the audit log lists it.
 */
export function actorName(by: string, myKeyId: string | undefined): string {
  if (by === myKeyId) return 'you';
  if (by === 'system') return 'the system';
  return `admin ${by.slice(0, 8)}`;
}

const CHANNEL_LABEL: Record<NotifyChannel, string> = {
  push: 'Push',
  email: 'E-mail',
  sms: 'SMS',
  phone_call: 'Phone call',
  webhook: 'Webhook',
};

export function channelLabel(c: NotifyChannel): string {
  return CHANNEL_LABEL[c];
}

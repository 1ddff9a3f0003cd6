'use client';

import { Fragment } from 'react';
import {
  formatSpeed,
  formatTemperature,
  toSpeed,
  toTemperature,
  type UnitSystem,
} from '@/lib/geo/units';
import type { HistoryPoint } from '@/lib/store/history';
import { useFleet } from '../fleet-store-context';
import { Sparkline } from './Sparkline';

interface Reading {
  name: string;
  pick: (p: HistoryPoint) => number | undefined;
  show: (value: number, units: UnitSystem) => string;
  scale: (value: number, units: UnitSystem) => number;
}

/** The readings a vehicle's history may hold; those it lacks are not shown. */
const READINGS: readonly Reading[] = [
  {
    name: 'Speed',
    pick: (p) => p.speed,
    show: (v, u) => formatSpeed(v, u),
    scale: (v, u) => toSpeed(v, u),
  },
  {
    name: 'Engine',
    pick: (p) => p.rpm,
    show: (v) => `${Math.round(v)} rpm`,
    scale: (v) => v,
  },
  {
    name: 'Coolant',
    pick: (p) => p.coolant,
    show: (v, u) => formatTemperature(v, u),
    scale: (v, u) => toTemperature(v, u),
  },
];

const EMPTY: HistoryPoint[] = [];

/**
 * Live readings of one vehicle, each with a sparkline of its recent
 * course, as term and value pairs of the panel's list of facts.
 */
export function VehicleReadings({ id, units }: { id: string; units: UnitSystem }) {
  const history = useFleet((s) => s.history[id] ?? EMPTY);
  const rows = READINGS.flatMap((r) => {
    const values = history.map(r.pick).filter((v): v is number => v !== undefined);
    const latest = values.at(-1);
    if (latest === undefined) return [];
    return [{ r, latest, values: values.map((v) => r.scale(v, units)) }];
  });
  // Pairs for the panel's own <dl>, so readings line up with its facts.
  return rows.map(({ r, latest, values }) => (
    <Fragment key={r.name}>
      <dt>{r.name}</dt>
      <dd className="reading">
        <Sparkline
          values={values}
          label={`${r.name} over the last ${values.length} samples`}
        />
        <span className="reading-value" data-testid={`reading-${r.name}`}>
          {r.show(latest, units)}
        </span>
      </dd>
    </Fragment>
  ));
}

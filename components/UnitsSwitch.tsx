'use client';

import { UNIT_SYSTEMS, type UnitSystem } from '@/lib/geo/units';
import { useUnits } from './use-units';

const LABEL: Record<UnitSystem, string> = { metric: 'km', imperial: 'mi' };
const NAME: Record<UnitSystem, string> = { metric: 'Metric', imperial: 'Imperial' };

/** Metric or imperial for every speed, distance and temperature shown. */
export function UnitsSwitch() {
  const [units, setUnits] = useUnits();
  return (
    <div className="segmented" role="group" aria-label="Units">
      {UNIT_SYSTEMS.map((u) => (
        <button
          key={u}
          type="button"
          aria-pressed={units === u}
          title={`${NAME[u]} units`}
          onClick={() => setUnits(u)}
        >
          <span aria-hidden>{LABEL[u]}</span>
          <span className="visually-hidden">{NAME[u]}</span>
        </button>
      ))}
    </div>
  );
}

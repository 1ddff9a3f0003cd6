'use client';

import { useEffect } from 'react';
import { useFleetStoreApi } from '../fleet-store-context';

export type SideTab = 'list' | 'vehicle' | 'fleet' | 'alerts';

const TABS: ReadonlyArray<{ id: SideTab; label: string }> = [
  { id: 'list', label: 'Vehicles' },
  { id: 'vehicle', label: 'Vehicle' },
  { id: 'fleet', label: 'Fleet' },
  { id: 'alerts', label: 'Alerts' },
];

/**
 * On a narrow screen (a tablet) the list and the side panels share one
 * column and these buttons pick which one shows; on a wide screen the CSS
 * hides them and shows everything. A new selection shows the vehicle.
 */
export function SideTabs({
  tab,
  onTab,
  hasVehicle,
}: {
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  hasVehicle: boolean;
}) {
  const store = useFleetStoreApi();
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.selectedId && s.selectedId !== prev.selectedId) onTab('vehicle');
      }),
    [store, onTab],
  );

  return (
    <div className="side-tabs" role="group" aria-label="Panels">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          aria-pressed={tab === t.id}
          disabled={t.id === 'vehicle' && !hasVehicle}
          onClick={() => onTab(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

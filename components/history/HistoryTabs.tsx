import Link from 'next/link';

/** The two views of the stored history. */
export function HistoryTabs({
  fleetId,
  current,
}: {
  fleetId: string;
  current: 'time-machine' | 'trips';
}) {
  const base = `/fleet/${encodeURIComponent(fleetId)}`;
  return (
    <nav className="tabs" aria-label="History views">
      <Link
        href={`${base}/history`}
        aria-current={current === 'time-machine' ? 'page' : undefined}
      >
        Time machine
      </Link>
      <Link
        href={`${base}/trips`}
        aria-current={current === 'trips' ? 'page' : undefined}
      >
        Trips
      </Link>
    </nav>
  );
}

import type { Metadata } from 'next';
import { WallDisplay } from '@/components/wall/WallDisplay';
import { wallOptions } from '@/components/wall/wall-options';

export const metadata: Metadata = { title: 'Wall display · Fleetlight' };

/** `?rotate=` and `?stale=` seconds, `?views=map,kpi,alerts` (wall-options.ts). */
export default async function FleetWallPage({
  params,
  searchParams,
}: {
  params: Promise<{ fleetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fleetId } = await params;
  const options = wallOptions(await searchParams);
  return <WallDisplay fleetId={decodeURIComponent(fleetId)} options={options} />;
}

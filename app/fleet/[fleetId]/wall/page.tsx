import type { Metadata } from 'next';
import { WallDisplay } from '@/components/wall/WallDisplay';

export const metadata: Metadata = { title: 'Wall display · Fleetlight' };

export default async function FleetWallPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <WallDisplay fleetId={decodeURIComponent(fleetId)} />;
}

import type { Metadata } from 'next';
import { WallScreensPage } from '@/components/wall/WallScreensPage';

export const metadata: Metadata = { title: 'Wall screens · Fleetlight' };

export default async function FleetWallScreensPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <WallScreensPage fleetId={decodeURIComponent(fleetId)} />;
}

import { TripsPage } from '@/components/history/TripsPage';

export default async function FleetTripsPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <TripsPage fleetId={decodeURIComponent(fleetId)} />;
}

import { FleetDashboard } from '@/components/FleetDashboard';

export default async function FleetPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <FleetDashboard fleetId={decodeURIComponent(fleetId)} />;
}

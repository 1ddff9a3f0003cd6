import { AlertsPage } from '@/components/alerts/AlertsPage';

export default async function FleetAlertsPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <AlertsPage fleetId={decodeURIComponent(fleetId)} />;
}

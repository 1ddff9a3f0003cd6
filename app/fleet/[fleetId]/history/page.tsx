import { TimeMachinePage } from '@/components/history/TimeMachine';

export default async function FleetHistoryPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <TimeMachinePage fleetId={decodeURIComponent(fleetId)} />;
}

import { TripReplayPage } from '@/components/replay/TripReplay';

export default async function TripPage({
  params,
}: {
  params: Promise<{ fleetId: string; tripId: string }>;
}) {
  const { fleetId, tripId } = await params;
  return (
    <TripReplayPage
      fleetId={decodeURIComponent(fleetId)}
      tripId={decodeURIComponent(tripId)}
    />
  );
}

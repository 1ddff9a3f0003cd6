import { SourcesPage } from '@/components/sources/SourcesPage';

export default async function FleetSourcesPage({
  params,
}: {
  params: Promise<{ fleetId: string }>;
}) {
  const { fleetId } = await params;
  return <SourcesPage fleetId={decodeURIComponent(fleetId)} />;
}

import { MapBench } from '@/components/bench/MapBench';

/**
 * `/bench/map`: the map alone, for `npm run bench:map`. `?view=markers`
 * draws one react-map-gl <Marker> per vehicle instead of the vehicle
 * layer, as the baseline. The bench feeds its store from the page.
 */
export default async function MapBenchPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string }>;
}) {
  const { view } = await searchParams;
  return <MapBench view={view === 'markers' ? 'markers' : 'layer'} />;
}

import { FleetIndex } from '@/components/FleetIndex';

export default function Home() {
  return <FleetIndex />;
}

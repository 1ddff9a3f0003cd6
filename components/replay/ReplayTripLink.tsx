'use client';

import Link from 'next/link';
import { tripReplayHref } from '@/lib/api/history';
import { useFleet } from '../fleet-store-context';

/**
 * "Replay this trip" for a vehicle's panel: links to the trip's replay
 * (`/fleet/{fleet}/trips/{trip}`) in the fleet of the page's store.
 */
export function ReplayTripLink({ tripId }: { tripId: string }) {
  const fleetId = useFleet((s) => s.fleet?.id);
  if (!fleetId) return null;
  return <Link href={tripReplayHref(fleetId, tripId)}>Replay this trip</Link>;
}

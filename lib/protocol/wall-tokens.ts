import { z } from './zod';

/** `POST /v1/fleets/{id}/wall-tokens`: a name for the screen. */
export const wallTokenBodySchema = z.strictObject({
  label: z.string().trim().min(1).max(100),
});

/**
 * A wall display's credential: an API key of the viewer role for one
 * fleet, so it reads what a dispatcher reads and can change nothing.
 */
export interface WallToken {
  token_id: string;
  fleet_id: string;
  label: string;
  created_at: string;
  /** The key id of the admin who made it. */
  created_by: string;
  /** Only in the answer that creates it: the token is never shown again. */
  token?: string;
  /**
   * Only with `token`: the wall's address relative to the server,
   * `/fleet/{id}/wall#key={token}`. The fragment never reaches a server.
   */
  wall_url?: string;
}

/** Where a wall token opens the wall; the key rides in the fragment. */
export function wallUrl(fleetId: string, token: string): string {
  return `/fleet/${encodeURIComponent(fleetId)}/wall#key=${token}`;
}

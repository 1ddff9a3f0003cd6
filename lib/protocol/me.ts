import type { Role } from './system-messages';

/**
 * `GET /v1/me`: who the presented key is, for any role. The dashboard
 * reads it to decide which controls to show; the server enforces the
 * role on every route regardless.
 */
export interface KeyIdentity {
  key_id: string;
  role: Role;
  /** The fleets the key may see, sorted. */
  fleets: string[];
}

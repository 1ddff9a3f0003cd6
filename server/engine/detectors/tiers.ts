import type { Severity } from '../../../lib/protocol';
import type { Tiers } from './types';

const ASCENDING: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** The highest tier whose lower bound `value` reaches, if any. */
export function severityFor(value: number, tiers: Tiers): Severity | undefined {
  let found: Severity | undefined;
  for (const severity of ASCENDING) {
    const bound = tiers[severity];
    if (bound !== undefined && value >= bound) found = severity;
  }
  return found;
}

import type { Severity } from '@/lib/protocol';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className="badge" data-severity={severity}>
      {severity}
    </span>
  );
}

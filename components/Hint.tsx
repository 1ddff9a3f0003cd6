'use client';

import { useId, type ReactNode } from 'react';

/**
 * A value with an explanation that shows on hover and on keyboard focus,
 * and that screen readers read as the value's description.
 */
export function Hint({
  children,
  tip,
  className,
  testId,
}: {
  children: ReactNode;
  tip: ReactNode;
  className?: string | undefined;
  testId?: string | undefined;
}) {
  const id = useId();
  // The tip is a sibling, not a child: the value's own text stays just the
  // value, and the tip reaches screen readers once, as its description.
  return (
    <span className="hint-wrap">
      <span
        className={className ? `hint ${className}` : 'hint'}
        tabIndex={0}
        aria-describedby={id}
        data-testid={testId}
      >
        {children}
      </span>
      <span role="tooltip" id={id} className="hint-tip">
        {tip}
      </span>
    </span>
  );
}

'use client';

import { useState, type ReactNode } from 'react';

/**
 * A secret the server answers once (a new key, a wall link): shown in
 * full, selectable, with a button to copy it and one to put it away.
 */
export function ShownOnce({
  children,
  value,
  noun,
  testId,
  doneLabel,
  onDone,
}: {
  /** What it is and what to do with it. */
  children: ReactNode;
  value: string;
  /** "key", "link": in the copy button and its fallback advice. */
  noun: string;
  testId: string;
  doneLabel: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState('');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      // The clipboard needs a secure context and a permission; the value is selectable.
      setCopied(`Copying is not allowed here: select the ${noun} and copy it.`);
    }
  };

  return (
    <div className="secret" role="status">
      <p>{children}</p>
      <code className="secret-value" data-testid={testId}>
        {value}
      </code>
      <div className="row-buttons left">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy {noun}
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          {doneLabel}
        </button>
        <span className="muted"> {copied}</span>
      </div>
    </div>
  );
}

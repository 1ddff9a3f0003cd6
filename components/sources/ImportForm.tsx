'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isAbort } from '@/lib/api/client';
import { uploadImport } from '@/lib/api/sources';
import type { ImportMode, ImportReport } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';

const FORMAT_NAMES: Record<ImportReport['format'], string> = {
  austin: 'CapMetrics CSV file',
  ved: 'VED CSV file',
  generic: 'generic CSV file',
  gpx: 'GPX track',
};

interface Progress {
  sent: number;
  total: number;
}

/**
 * Uploads a CSV or GPX file as history (stored, not shown live) or as a
 * replay (played once from now), then shows the server's report.
 */
export function ImportForm({
  apiKey,
  onImported,
}: {
  apiKey: string;
  onImported: () => void;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('history');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = useRef<AbortController | null>(null);

  useEffect(() => () => upload.current?.abort(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const ctrl = new AbortController();
    upload.current = ctrl;
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const answer = await uploadImport(apiKey, fleetId, {
        file,
        mode,
        format: 'auto',
        onProgress: (sent, total) => setProgress({ sent, total }),
        signal: ctrl.signal,
      });
      setReport(answer);
      onImported();
    } catch (err) {
      if (isAbort(err)) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card-section" aria-labelledby="import-title">
      <h2 id="import-title">Import a file</h2>
      <p className="muted">
        A CSV (CapMetrics, VED or <code>vehicle_id,timestamp,lat,lon</code>) or a GPX
        track; its format is told from its first line.
      </p>
      <form
        className="form inline-form"
        aria-labelledby="import-title"
        onSubmit={(e) => void submit(e)}
      >
        <label className="field grow">
          <span>File</span>
          <input
            type="file"
            required
            accept=".csv,.gpx,text/csv,application/gpx+xml"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <label className="field">
          <span>Mode</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
            <option value="history">History: store only</option>
            <option value="replay">Replay: play from now</option>
          </select>
        </label>
        <button type="submit" className="button primary" disabled={busy || !file}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        {progress && <UploadProgress progress={progress} done={!busy} />}
        {error && (
          <p className="form-error wide" role="alert">
            {error}
          </p>
        )}
      </form>
      {report && <Report report={report} />}
    </section>
  );
}

function UploadProgress({ progress, done }: { progress: Progress; done: boolean }) {
  const percent =
    progress.total === 0 ? 100 : Math.round((progress.sent / progress.total) * 100);
  const sent = percent === 100;
  return (
    <div className="upload wide">
      <div
        className="progress"
        role="progressbar"
        aria-label="Upload"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="muted small">
        {!sent && `Sending… ${percent} %`}
        {sent && !done && 'Sent; the server is reading the rows…'}
        {sent && done && 'Sent.'}
      </p>
    </div>
  );
}

function Report({ report }: { report: ImportReport }) {
  const counts = [
    ['Rows', report.rows],
    ['Accepted', report.accepted],
    ['Duplicates', report.duplicates],
    ['Rejected', report.rejected],
    ['Vehicles', report.vehicles.length],
  ] as const;
  return (
    <div className="report">
      <h3 id="report-title">
        {report.mode === 'replay' ? 'Replay' : 'History'} of a{' '}
        {FORMAT_NAMES[report.format]}
      </h3>
      <dl className="tiles" aria-label="Import counts">
        {counts.map(([name, n]) => (
          <div key={name} className="tile">
            <dt>{name}</dt>
            <dd data-testid={`import-${name.toLowerCase()}`}>{n}</dd>
          </div>
        ))}
      </dl>
      {report.replay && (
        <p className="muted">
          Replaying {report.replay.fixes} fixes at {report.replay.speed}× over{' '}
          {Math.round(report.replay.duration_s)} s.
        </p>
      )}
      {report.errors.length > 0 && <RowErrors report={report} />}
    </div>
  );
}

function RowErrors({ report }: { report: ImportReport }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Refused rows">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Code</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {report.errors.map((e) => (
            <tr key={e.row}>
              <th scope="row">{e.row}</th>
              <td>
                <code>{e.code}</code>
              </td>
              <td>{e.message}</td>
            </tr>
          ))}
          {report.errors_omitted > 0 && (
            <tr>
              <td colSpan={3} className="muted">
                +{report.errors_omitted} more
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

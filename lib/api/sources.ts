import type {
  Device,
  DeviceBody,
  ErrorBody,
  GtfsRtBody,
  GtfsRtFeed,
  ImportFormat,
  ImportMode,
  ImportReport,
  IngestKey,
  SourcesResponse,
} from '../protocol';
import { ApiError, callApi, segment } from './client';

/** Where positions come from (admins): docs/SOURCES.md. */

export function fetchSources(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<SourcesResponse> {
  return callApi(key, `/v1/fleets/${segment(fleetId)}/sources`, signal && { signal });
}

export function fetchDevices(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<{ devices: Device[] }> {
  const path = `/v1/fleets/${segment(fleetId)}/devices`;
  return callApi(key, path, signal && { signal });
}

export function addDevice(
  key: string,
  fleetId: string,
  device: DeviceBody,
): Promise<{ device: Device }> {
  const path = `/v1/fleets/${segment(fleetId)}/devices`;
  return callApi(key, path, { method: 'POST', body: device });
}

export function deleteDevice(key: string, deviceId: string): Promise<unknown> {
  return callApi(key, `/v1/devices/${segment(deviceId)}`, { method: 'DELETE' });
}

export function fetchIngestKeys(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<{ ingest_keys: IngestKey[] }> {
  const path = `/v1/fleets/${segment(fleetId)}/ingest-keys`;
  return callApi(key, path, signal && { signal });
}

/** A new ingest key; its secret `key` comes with this answer only. */
export function createIngestKey(
  key: string,
  fleetId: string,
  label: string,
): Promise<{ ingest_key: Required<IngestKey> }> {
  const path = `/v1/fleets/${segment(fleetId)}/ingest-keys`;
  return callApi(key, path, { method: 'POST', body: { label } });
}

export function revokeIngestKey(key: string, keyId: string): Promise<unknown> {
  return callApi(key, `/v1/ingest-keys/${segment(keyId)}`, { method: 'DELETE' });
}

/** Sets the fleet's one GTFS-realtime feed; the server polls it at once. */
export function putGtfsRt(
  key: string,
  fleetId: string,
  feed: GtfsRtBody,
): Promise<{ gtfs_rt: GtfsRtFeed }> {
  const path = `/v1/fleets/${segment(fleetId)}/gtfs-rt`;
  return callApi(key, path, { method: 'PUT', body: feed });
}

export function deleteGtfsRt(key: string, fleetId: string): Promise<unknown> {
  const path = `/v1/fleets/${segment(fleetId)}/gtfs-rt`;
  return callApi(key, path, { method: 'DELETE' });
}

export interface ImportUpload {
  file: Blob;
  mode: ImportMode;
  format: ImportFormat;
  /** Bytes sent so far and in all, as the browser reports them. */
  onProgress: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends a file to `POST /v1/fleets/{id}/imports` as the raw body. Uses
 * XMLHttpRequest, not fetch: only XHR reports upload progress.
 */
export function uploadImport(
  key: string,
  fleetId: string,
  upload: ImportUpload,
): Promise<ImportReport> {
  const query = new URLSearchParams({ mode: upload.mode, format: upload.format });
  const path = `/v1/fleets/${segment(fleetId)}/imports?${query.toString()}`;

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) upload.onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as unknown;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ImportReport);
      reject(refusal(body, xhr.status));
    };
    xhr.onerror = () => reject(new ApiError('network', 'The server cannot be reached'));
    xhr.onabort = () => reject(new DOMException('The upload was stopped', 'AbortError'));
    upload.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(upload.file);
  });
}

function refusal(body: unknown, status: number): ApiError {
  const error = (body as { error?: ErrorBody } | null)?.error;
  return new ApiError(
    error?.code ?? 'internal',
    error?.message ?? `The server answered HTTP ${status}`,
    status,
  );
}

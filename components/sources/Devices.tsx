'use client';

import { useCallback, useState, type FormEvent } from 'react';
import { addDevice, deleteDevice, fetchDevices } from '@/lib/api/sources';
import type { Device } from '@/lib/protocol';
import { FleetTime } from '../alerts/AlertTimes';
import { useFleet } from '../fleet-store-context';
import { useSubmit } from '../use-submit';
import { useAdminList } from '../use-admin-list';

/**
 * Phones and trackers that report over OsmAnd (or HTTP with a device id):
 * the server takes a device's fixes only once an admin registered it.
 */
export function Devices({ apiKey }: { apiKey: string }) {
  const fleetId = useFleet((s) => s.fleetId);
  const [said, setSaid] = useState('');

  const read = useCallback(
    (signal?: AbortSignal) =>
      fetchDevices(apiKey, fleetId, signal).then((a) => a.devices),
    [apiKey, fleetId],
  );
  const { items: devices, error, load } = useAdminList(read, 'devices');

  const remove = async (d: Device) => {
    setSaid('');
    try {
      await deleteDevice(apiKey, d.device_id);
      setSaid(`Device ${d.device_id} deleted; its reports are refused from now on.`);
      await load();
    } catch (e) {
      setSaid(`Device ${d.device_id} could not be deleted: ${String(e)}`);
    }
  };

  return (
    <section className="card-section" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <p className="muted">
        The device identifier is the OsmAnd protocol&apos;s only credential: delete a
        device that is lost.
      </p>
      {error && <p className="form-error">{error}</p>}
      <p className="muted" role="status">
        {said}
      </p>
      {devices === null && !error && <p className="muted">Loading devices…</p>}
      {devices && devices.length === 0 && (
        <p className="empty">No devices yet: register one below.</p>
      )}
      {devices && devices.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="devices-title">
            <thead>
              <tr>
                <th scope="col">Device id</th>
                <th scope="col">Vehicle</th>
                <th scope="col">Label</th>
                <th scope="col">Kind</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.device_id}>
                  <th scope="row" className="address">
                    <code>{d.device_id}</code>
                  </th>
                  <td className="address">{d.vehicle_id}</td>
                  <td>{d.label}</td>
                  <td>{d.kind === 'osmand' ? 'OsmAnd' : 'HTTP'}</td>
                  <td className="nowrap">
                    <FleetTime at={Date.parse(d.created_at)} />
                  </td>
                  <td className="row-buttons">
                    <button
                      type="button"
                      className="button danger"
                      aria-label={`Delete device ${d.device_id}`}
                      onClick={() => void remove(d)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DeviceForm
        apiKey={apiKey}
        onAdded={async (d) => {
          setSaid(`Device ${d.device_id} now reports as ${d.vehicle_id}.`);
          await load();
        }}
      />
    </section>
  );
}

function DeviceForm({
  apiKey,
  onAdded,
}: {
  apiKey: string;
  onAdded: (device: Device) => Promise<void>;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const [deviceId, setDeviceId] = useState('');
  const [vehicleId, setVehicleId] = useState('');
  const [label, setLabel] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      // Blank optional fields are left out: the server defaults them.
      const vehicle = vehicleId.trim();
      const name = label.trim();
      const { device } = await addDevice(apiKey, fleetId, {
        device_id: deviceId.trim(),
        ...(vehicle && { vehicle_id: vehicle }),
        ...(name && { label: name }),
      });
      setDeviceId('');
      setVehicleId('');
      setLabel('');
      await onAdded(device);
    });
  };

  return (
    <form
      className="form inline-form"
      aria-labelledby="device-form-title"
      onSubmit={(e) => void submit(e)}
    >
      <h3 id="device-form-title">Register a device</h3>
      <label className="field">
        <span>Device id</span>
        <input
          required
          value={deviceId}
          placeholder="48241179"
          autoComplete="off"
          onChange={(e) => setDeviceId(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Vehicle id</span>
        <input
          value={vehicleId}
          placeholder="the device id"
          autoComplete="off"
          onChange={(e) => setVehicleId(e.target.value)}
        />
      </label>
      <label className="field grow">
        <span>Label</span>
        <input
          value={label}
          placeholder="the vehicle id"
          onChange={(e) => setLabel(e.target.value)}
        />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Registering…' : 'Register device'}
      </button>
      {error && (
        <p className="form-error wide" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

import { Counter, Histogram, type Registry } from 'prom-client';
import type { StreamMessage } from '../../lib/protocol';

/** The transports that carry the stream to clients, as metrics label them. */
export type StreamTransport = 'socketio' | 'bookovia' | 'long_poll';

/** Told of each stream message a transport hands to clients. */
export type SentMeter = (
  transport: StreamTransport,
  message: StreamMessage,
  clients?: number,
) => void;

/**
 * Messages out per transport and channel, and how late each was: now minus
 * the event's own time (a position's device time), so the histogram spans
 * the whole path from the source through ingest and the throttle to the
 * socket. A message fanned out to a room is one observation, however
 * many clients it reaches: they all get it in the same tick. Messages replayed after a reconnect are not counted: their age
 * is the client's absence, not the server's delay.
 */
export function createSentMeter(registry: Registry): SentMeter {
  const registers = [registry];
  const sent = new Counter({
    name: 'fleetlight_messages_sent_total',
    help: 'Stream messages handed to clients, per transport and channel',
    labelNames: ['transport', 'channel'],
    registers,
  });
  const latency = new Histogram({
    name: 'fleetlight_delivery_latency_seconds',
    help: 'Event time to hand-over to clients, once per message and transport',
    labelNames: ['transport', 'channel'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
    registers,
  });

  return (transport, message, clients = 1) => {
    if (clients <= 0) return;
    const labels = { transport, channel: message.channel };
    sent.inc(labels, clients);
    const seconds = (Date.now() - Date.parse(message.timestamp)) / 1000;
    // A clock ahead of ours gives a negative age: no latency to report.
    if (!Number.isFinite(seconds) || seconds < 0) return;
    latency.observe(labels, seconds);
  };
}

import type { StreamMessage } from './envelope';

/**
 * True for the events a client confirms with `ack` (docs/protocol.md,
 * Acknowledging critical events): high and critical alerts, safety or
 * maintenance, in every state they are announced in. Free of runtime
 * dependencies, so the browser client can import it alone.
 */
export function needsAck(message: StreamMessage): boolean {
  if (message.channel !== 'alerts' && message.channel !== 'maintenance_alerts') {
    return false;
  }
  const { severity } = message.payload;
  return severity === 'high' || severity === 'critical';
}

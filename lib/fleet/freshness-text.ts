import { formatClock } from './format';
import { formatDelayMs } from './freshness';

/**
 * Explains a fix's delay in a sentence: when the device took it, how long
 * it took to arrive, and whether this browser's clock was corrected.
 */
export function explainDelay(
  deviceTime: number,
  delayMs: number,
  clockOffset: number,
  timeZone: string | undefined,
  fromSnapshot = false,
): string {
  const taken = formatClock(deviceTime, timeZone);
  if (fromSnapshot) {
    return (
      `Position taken at ${taken} by the device's clock; none has come live since ` +
      `this page connected ${formatDelayMs(delayMs)} after it was taken.`
    );
  }
  const base =
    `Position taken at ${taken} by the device's clock; it reached this ` +
    `screen ${formatDelayMs(delayMs)} later (device to server to browser).`;
  if (clockOffset === 0) return base;
  const off = formatDelayMs(Math.abs(clockOffset));
  const way = clockOffset > 0 ? 'behind' : 'ahead of';
  return `${base} This browser's clock is ${off} ${way} the server's; the delay allows for it.`;
}

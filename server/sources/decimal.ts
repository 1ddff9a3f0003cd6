/**
 * A plain decimal number as text: digits with an optional point and
 * exponent. Never "52,52" (a decimal comma), "NaN", "Infinity", "" or a
 * value that overflows to Infinity, all of which `Number` would let
 * through in some form (field case C11).
 */
export function decimal(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

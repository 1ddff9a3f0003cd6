/**
 * A reading's recent course as a line, with no axes: the shape, not the
 * values, is the point; the value beside it is the exact one. The line is
 * hidden from screen readers, which read `label` instead.
 */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) {
    return <span className="sparkline sparkline-empty" title={label} />;
  }
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <polyline points={sparkPoints(values, width, height)} />
    </svg>
  );
}

/** SVG polyline points for values scaled into a box, 1px inset. */
export function sparkPoints(
  values: readonly number[],
  width: number,
  height: number,
): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = (width - 2) / Math.max(1, values.length - 1);
  return values
    .map((v, i) => {
      const x = 1 + i * step;
      const y = height - 1 - ((v - min) / span) * (height - 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

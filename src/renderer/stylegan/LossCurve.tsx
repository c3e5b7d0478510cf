/**
 * The inversion's loss per iteration as a small SVG line (log scale: the fall is steep at first,
 * then slow, and both parts matter), with the first and last values written beside it.
 */
export function LossCurve({ losses, total }: { losses: readonly number[]; total: number }) {
  const width = 240;
  const height = 64;
  if (losses.length === 0) {
    return (
      <div className="loss-curve loss-curve--empty" data-testid="loss-curve">
        No iterations yet
      </div>
    );
  }
  const logs = losses.map((loss) => Math.log(Math.max(loss, 1e-9)));
  const max = Math.max(...logs);
  const min = Math.min(...logs);
  const span = max - min || 1;
  const steps = Math.max(total, losses.length);
  const points = logs
    .map((value, i) => {
      const x = (i / Math.max(1, steps - 1)) * width;
      const y = 2 + (1 - (value - min) / span) * (height - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const last = losses[losses.length - 1]!;
  return (
    <figure
      className="loss-curve"
      data-testid="loss-curve"
      data-first={losses[0]}
      data-last={last}
      data-count={losses.length}
    >
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label="Loss per iteration">
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <figcaption className="loss-curve__caption">
        loss {losses[0]!.toPrecision(3)} → {last.toPrecision(3)} after {losses.length} iterations
      </figcaption>
    </figure>
  );
}

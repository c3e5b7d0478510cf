/** Deterministic normal samples (Box-Muller over a 32-bit LCG): the same seed writes the same bytes on every machine. */
export function seededGaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function randomArray(rand: () => number, length: number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => rand() * scale);
}

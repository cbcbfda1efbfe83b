// Timing and order statistics the benches share (npm run bench, npm run bench:scale; docs/benchmarks.md).
import { performance } from "node:perf_hooks";

export async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

export const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

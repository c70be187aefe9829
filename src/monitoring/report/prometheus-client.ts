/** A Prometheus HTTP API client for instant queries (reference/monitoring.md §3). */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export type QueryFn = (expr: string) => Promise<Sample[]>;

export class PrometheusError extends Error {}

/** Instant queries at `time` (Unix seconds) against `baseUrl`, with node's fetch. */
export function prometheusQuery(baseUrl: string, time: number): QueryFn {
  const base = baseUrl.replace(/\/+$/, "");
  return async (expr) => {
    const url = `${base}/api/v1/query?${new URLSearchParams({ query: expr, time: String(time) })}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      throw new PrometheusError(`cannot reach Prometheus at ${base}: ${(e as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      status?: string;
      error?: string;
      data?: {
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[];
      };
    };
    if (body.status !== "success" || !body.data)
      throw new PrometheusError(`query ${expr} failed: ${body.error ?? `HTTP ${response.status}`}`);
    if (body.data.resultType !== "vector")
      throw new PrometheusError(`query ${expr} returned ${body.data.resultType}, not a vector`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
}

/** Counters for tests and benchmarks; see {@link RunningSimulator.stats}. */
export interface SimulatorStats {
    /**
     * Requests received per route, keyed by method and route template with ids replaced by placeholders,
     * e.g. `"GET /v3/{pid}/jobs"`, `"DELETE /v3/{pid}/instances/{id}"`. Every request to the OTC API counts,
     * including those answered 401, 429 or by a fault; a path with no route counts as `"GET (no route)"`.
     * Control routes (`/_sim/...`) do not count.
     */
    requests: Record<string, number>;
    /** Create requests that created an instance (answered 202, or truncated by a fault after creating). */
    createRequests: number;
    /** Live instances (not deleted) over all projects. */
    instances: number;
    /** Live instances per project id; projects without instances are left out. */
    instancesByProject: Record<string, number>;
    /** Jobs ever submitted (ended ones included) over all projects. */
    jobs: number;
    /** Requests answered 429 by the rate limiter (not by an `http-error` fault). */
    throttled: number;
    /** Times a fault rule fired (once per request or per new job it applied to). */
    faultsFired: number;
}

/** The request counters; the instance and job counts come from the store when a snapshot is taken. */
export class SimulatorRequestCounters {
    private requestsByRoute = new Map<string, number>();
    createRequests = 0;
    throttled = 0;

    countRequest(routeKey: string): void {
        this.requestsByRoute.set(routeKey, (this.requestsByRoute.get(routeKey) ?? 0) + 1);
    }

    requests(): Record<string, number> {
        return Object.fromEntries(this.requestsByRoute);
    }

    reset(): void {
        this.requestsByRoute.clear();
        this.createRequests = 0;
        this.throttled = 0;
    }
}

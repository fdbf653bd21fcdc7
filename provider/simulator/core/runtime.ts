import type { SimulatorFaults } from "./faults";
import type { SimulatorRequestCounters } from "./stats";
import type { SimulatorStore } from "./store";

/** What route handlers work with. */
export interface SimulatorRuntime {
    store: SimulatorStore;
    faults: SimulatorFaults;
    counters: SimulatorRequestCounters;
    /** Unscaled job durations are divided by it. */
    timeScale: number;
}

/** A request that passed routing, faults, authentication and throttling. */
export interface RouteRequest {
    method: string;
    path: string;
    query: URLSearchParams;
    body: Buffer;
    projectId: string;
    /** The `{id}` path parameter, for routes that have one. */
    instanceId: string | undefined;
    nowMs: number;
}

export interface JsonAnswer {
    status: number;
    body: unknown;
}

export type RouteHandler = (request: RouteRequest, runtime: SimulatorRuntime) => JsonAnswer;

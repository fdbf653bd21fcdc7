import type { ProjectState, SimulatorServiceName, StoredJob, StoredRecord } from "./model";
import type { RouteDefinition } from "./router";

/** Applies an ended job of one service to that service's data. */
export type JobOutcomeApplier = (project: ProjectState<StoredRecord>, job: StoredJob, outcome: "Completed" | "Failed", atMs: number) => void;

/**
 * One OTC service the simulator serves: its routes (templates below the service's host), the path prefixes that
 * stand for its host on the simulator's single port, and how its ended jobs change its data.
 */
export interface SimulatorService {
    name: SimulatorServiceName;
    /** Path prefixes it is served under (`/rds` for `https://rds.<region>…`); `""` is the root. */
    prefixes: readonly string[];
    /** Put before the route template in stats keys (`GET /rds/v3/{pid}/jobs`); GaussDB's keys keep no prefix. */
    statsPrefix: string;
    routes: readonly RouteDefinition[];
    applyJobOutcome: JobOutcomeApplier;
}

/** Every route of every service, under each of its prefixes. */
export function servedRoutes(services: readonly SimulatorService[]): RouteDefinition[] {
    return services.flatMap((service) =>
        service.prefixes.flatMap((prefix) =>
            service.routes.map((route) => ({
                ...route,
                template: `${prefix}${route.template}`,
                statsKey: `${route.method} ${service.statsPrefix}${route.template}`,
            })),
        ),
    );
}

import type { JobOutcomeApplier } from "./simulator-job-outcomes";
import type { SimulatorServiceName } from "./simulator-model";
import type { RouteDefinition } from "./simulator-router";

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

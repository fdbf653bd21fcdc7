import type { ProjectState, SimulatorServiceName, StoredJob, StoredRecord } from "./model";
import type { RouteDefinition } from "./router";

/** Applies an ended job of one service to that service's data. */
export type JobOutcomeApplier = (project: ProjectState<StoredRecord>, job: StoredJob, outcome: "Completed" | "Failed", atMs: number) => void;

/**
 * One OTC service the simulator serves: its routes (templates below the service's host), the host labels that
 * select it by `Host` header, the path prefixes that stand for its host on the simulator's shared port, and how its
 * ended jobs change its data. Each service also gets a port of its own, where its routes sit at the root.
 */
export interface SimulatorService {
    name: SimulatorServiceName;
    /** Path prefixes it is served under (`/rds` for `https://rds.<region>…`); `""` is the root. */
    prefixes: readonly string[];
    /**
     * First labels of a `Host` header that mean this service on the shared port (`rds` for `rds.eu-de.example`):
     * OTC's host label first, then any other name users know the service by.
     */
    hostLabels: readonly string[];
    /** Put before the route template in stats keys (`GET /rds/v3/{pid}/jobs`); GaussDB's keys keep no prefix. */
    statsPrefix: string;
    routes: readonly RouteDefinition[];
    applyJobOutcome: JobOutcomeApplier;
}

/** Every route of every service, under each of its prefixes (or only at the root, for a service's own port). */
export function servedRoutes(services: readonly SimulatorService[], prefixesOf = (s: SimulatorService) => s.prefixes): RouteDefinition[] {
    return services.flatMap((service) =>
        prefixesOf(service).flatMap((prefix) =>
            service.routes.map((route) => ({
                ...route,
                template: `${prefix}${route.template}`,
                statsKey: `${route.method} ${service.statsPrefix}${route.template}`,
            })),
        ),
    );
}

import type { JobOutcomeApplier } from "./simulator-job-outcomes";
import { GAUSSDB_SIMULATOR_SERVICE } from "./simulator-gaussdb-service";
import type { SimulatorServiceName } from "./simulator-model";
import { RDS_SIMULATOR_SERVICE } from "./simulator-rds-service";
import type { RouteDefinition } from "./simulator-router";
import { servedRoutes, type SimulatorService } from "./simulator-service";
import { TAURUSDB_SIMULATOR_SERVICE } from "./simulator-taurusdb-service";

/** The OTC services the simulator serves, each under its host label as a path prefix. */
export const SIMULATOR_SERVICES: readonly SimulatorService[] = [GAUSSDB_SIMULATOR_SERVICE, TAURUSDB_SIMULATOR_SERVICE, RDS_SIMULATOR_SERVICE];

/** Every route the simulator serves. */
export const OTC_ROUTES: readonly RouteDefinition[] = servedRoutes(SIMULATOR_SERVICES);

/** How each service applies its ended jobs (a service not served has no jobs to apply). */
export const JOB_OUTCOMES = Object.fromEntries(SIMULATOR_SERVICES.map((s) => [s.name, s.applyJobOutcome])) as Record<
    SimulatorServiceName,
    JobOutcomeApplier
>;

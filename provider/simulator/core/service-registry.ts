import type { JobOutcomeApplier } from "./service";
import { GAUSSDB_SIMULATOR_SERVICE } from "../opengauss/service";
import type { SimulatorServiceName } from "./model";
import { RDS_SIMULATOR_SERVICE } from "../rds/service";
import type { RouteDefinition } from "./router";
import { servedRoutes, type SimulatorService } from "./service";
import { TAURUSDB_SIMULATOR_SERVICE } from "../taurusdb/service";

/** The OTC services the simulator serves, each under its host label as a path prefix. */
export const SIMULATOR_SERVICES: readonly SimulatorService[] = [GAUSSDB_SIMULATOR_SERVICE, TAURUSDB_SIMULATOR_SERVICE, RDS_SIMULATOR_SERVICE];

/** Every route the simulator serves. */
export const OTC_ROUTES: readonly RouteDefinition[] = servedRoutes(SIMULATOR_SERVICES);

/** How each service applies its ended jobs (a service not served has no jobs to apply). */
export const JOB_OUTCOMES = Object.fromEntries(SIMULATOR_SERVICES.map((s) => [s.name, s.applyJobOutcome])) as Record<
    SimulatorServiceName,
    JobOutcomeApplier
>;

import type { JobOutcomeApplier } from "./service";
import { GAUSSDB_SIMULATOR_SERVICE } from "../opengauss/service";
import type { SimulatorServiceName } from "./model";
import { RDS_SIMULATOR_SERVICE } from "../rds/service";
import type { RouteDefinition } from "./router";
import { servedRoutes, type SimulatorService } from "./service";
import { TAURUSDB_SIMULATOR_SERVICE } from "../taurusdb/service";

/** The OTC services the simulator serves, each on its own port and under its host label as a path prefix. */
export const SIMULATOR_SERVICES: readonly SimulatorService[] = [GAUSSDB_SIMULATOR_SERVICE, TAURUSDB_SIMULATOR_SERVICE, RDS_SIMULATOR_SERVICE];

/** Every route the shared port serves: each service under its prefixes. */
export const OTC_ROUTES: readonly RouteDefinition[] = servedRoutes(SIMULATOR_SERVICES);

/** The routes of one service at the root, as its own base URL (or a `Host` naming it) serves them. */
export function rootRoutes(service: SimulatorService): RouteDefinition[] {
    return servedRoutes([service], () => [""]);
}

/** The service a `Host` header names by its first label (`rds.eu-de.example:443` → RDS), if any. */
export function serviceOfHost(host: string | undefined): SimulatorService | "iam" | undefined {
    const name = host?.replace(/:\d+$/, "").toLowerCase() ?? "";
    const dot = name.indexOf(".");
    if (dot <= 0) return undefined;
    const label = name.slice(0, dot);
    if (label === "iam") return "iam";
    return SIMULATOR_SERVICES.find((service) => service.hostLabels.includes(label));
}

/** How each service applies its ended jobs (a service not served has no jobs to apply). */
export const JOB_OUTCOMES = Object.fromEntries(SIMULATOR_SERVICES.map((s) => [s.name, s.applyJobOutcome])) as Record<
    SimulatorServiceName,
    JobOutcomeApplier
>;

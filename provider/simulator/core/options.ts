import type { FaultRule } from "./faults";
import type { SimulatorServiceName } from "./model";

/** What has a base URL of its own: IAM and each database service. */
export type SimulatorEndpointName = "iam" | SimulatorServiceName;

/** The order of the services' own ports after a fixed shared port (`--port 8080`: IAM 8081 … TaurusDB 8084). */
export const ENDPOINT_NAMES: readonly SimulatorEndpointName[] = ["iam", "gaussdb", "rds", "taurusdb"];
import type { SimulatorStats } from "./stats";

/** How to start the simulator; every field is optional. */
export interface SimulatorOptions {
    /** Interface to listen on. Default `"127.0.0.1"`. */
    host?: string;
    /**
     * TCP port of the shared port (every service, under path prefixes; IAM; the control API). Default `0`: any free
     * port (read it from {@link RunningSimulator.port}).
     */
    port?: number;
    /**
     * The port of each service's own base URL (its routes at the root, as OTC's clients address a service). Unset
     * ones follow a fixed {@link port} in the order of {@link ENDPOINT_NAMES} (`port + 1` for IAM … `port + 4` for
     * TaurusDB), or are any free port when `port` is 0.
     */
    servicePorts?: Partial<Record<SimulatorEndpointName, number>>;
    /**
     * Job durations are divided by it. Default `1` (OTC-like: a create takes 12 minutes); `60` makes a
     * create take 12 s. Must be positive.
     */
    timeScale?: number;
    /**
     * When set, instances and jobs are kept in `dataDir/state.json`, written atomically on every change and
     * loaded at start, so a restarted simulator continues running jobs. Faults and stats are not kept.
     */
    dataDir?: string;
    /** Accepted AK/SK pairs. Default `[SIMULATOR_CREDENTIALS]`. */
    credentials?: { accessKey: string; secretKey: string }[];
    /** Accepted `X-Auth-Token` values. Default `[SIMULATOR_TOKEN]`. Tokens issued by the IAM routes are accepted too. */
    tokens?: string[];
    /** IAM users that get password tokens from `POST /v3/auth/tokens`. Default `[SIMULATOR_USER]`. */
    users?: { name: string; password: string; domainName: string }[];
    /** Lifetime of issued tokens. Default 24 h, as OTC's. */
    tokenLifetimeMs?: number;
    /**
     * Requests per second per project, as a token bucket holding one second's worth. Over it the answer is
     * 429 APIGW.0308 with `Retry-After`. Default: unlimited. Control routes are never limited.
     */
    rateLimitPerSecond?: number;
    /** Receives one line per request: method, path, status, milliseconds. Never credentials. */
    log?: (line: string) => void;
    /** Clock in ms since the epoch, for tests. Default `Date.now`. Job progress and `X-Sdk-Date` use it. */
    now?: () => number;
}

/** A started simulator. */
export interface RunningSimulator {
    /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). GaussDB (openGauss) is served right here too. */
    url: string;
    /**
     * `<url>/{service}`: the value for `otc:endpoint` that reaches every service the simulator serves (GaussDB at
     * `/gaussdb`, RDS at `/rds`, TaurusDB at `/gaussdb-mysql`, their OTC host labels).
     */
    endpoint: string;
    /**
     * Each service's base URL with no path prefix (`http://127.0.0.1:40124` for IAM …), as OTC's clients take an
     * endpoint: they keep its scheme, host and port and add the documented path (`/v3/{project_id}/instances`).
     */
    endpoints: Readonly<Record<SimulatorEndpointName, string>>;
    port: number;
    /** Stops listening and drops open connections (including answers held back by a `delay` fault). */
    close(): Promise<void>;
    /** Counters; ended jobs are applied first, so instance counts are current. */
    stats(): SimulatorStats;
    /** Forgets every instance, job, fault and counter (and empties the state file, if any). */
    reset(): void;
    /** Adds a fault rule; throws `FaultRuleError` naming the bad field. */
    addFault(rule: FaultRule): void;
    clearFaults(): void;
}

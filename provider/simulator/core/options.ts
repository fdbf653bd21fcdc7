import type { FaultRule } from "./faults";
import type { SimulatorStats } from "./stats";

/** How to start the simulator; every field is optional. */
export interface SimulatorOptions {
    /** Interface to listen on. Default `"127.0.0.1"`. */
    host?: string;
    /** TCP port. Default `0`: any free port (read it from {@link RunningSimulator.port}). */
    port?: number;
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

import { OtcClient } from "../client/otc-client";
import { DEFAULT_RATE_PER_SECOND, sharedRateLimiter } from "../client/rate-limiter";
import { sharedHttpDispatcher } from "../client/http-dispatcher";
import { type ConfigSource, type OtcSettings, resolveOtcSettings, requireEndpoint, type ServiceName } from "../config/otc-settings";
import { ProgressReporter } from "../jobs/progress-reporter";
import { type JobStatusSource, SingleJobStatusSource } from "../jobs/job-status-source";
import { durationHistoryFor, jobStatusSourceFor } from "../jobs/job-status-source-registry";
import type { DurationPriorSource } from "../jobs/duration-history";
import { FallbackJobStatusSource } from "../jobs/fallback-job-status-source";
import { taurusDbJobPathPrefixes } from "./taurusdb-instance/taurusdb-jobs-path";

/**
 * Services whose task center documents the task list (`GET /v3/{project_id}/tasks`) that coalesced polling and
 * learned durations read: openGauss's (seeds 001/004). RDS and TaurusDB document only the single-job query.
 */
const SERVICES_WITH_TASK_LIST: ReadonlySet<ServiceName> = new Set(["gaussdb"]);

/**
 * What every resource of one provider process shares: the stack configuration, one client per endpoint, one
 * rate limiter per endpoint, one job-status source per project (so pending jobs are polled together), and one
 * progress reporter (so the log is throttled as a whole).
 */
export class RuntimeContext {
    readonly reporter: ProgressReporter;
    /** How long a create whose answer was lost looks for the instance it may have made. Default 30 s. */
    readonly lostCreateAnswerSearchMs: number;
    private config: ConfigSource = { get: () => undefined };
    private settingsCache: OtcSettings | undefined;
    private readonly clients = new Map<string, OtcClient>();
    private readonly env: NodeJS.ProcessEnv;

    constructor(options: { reporter?: ProgressReporter; env?: NodeJS.ProcessEnv; lostCreateAnswerSearchMs?: number } = {}) {
        this.reporter = options.reporter ?? new ProgressReporter();
        this.lostCreateAnswerSearchMs = options.lostCreateAnswerSearchMs ?? 30_000;
        this.env = options.env ?? process.env;
    }

    /** Pulumi hands over the whole stack configuration (`otc:*` keys, secrets unwrapped). */
    configure(config: ConfigSource): void {
        this.config = config;
        this.settingsCache = undefined;
    }

    /** Throws an `OtcConfigError` naming the missing key, only when something needs OTC (not at preview). */
    settings(): OtcSettings {
        this.settingsCache ??= resolveOtcSettings(this.config, this.env);
        return this.settingsCache;
    }

    /** The configured region, when settings resolve; preview works without credentials. */
    defaultRegion(): string | undefined {
        try {
            return this.settings().region;
        } catch {
            return undefined;
        }
    }

    client(service: ServiceName): OtcClient {
        const client = this.clientFor(requireEndpoint(this.settings(), service));
        // Two services behind one URL (a proxy, the simulator's root) share the client; the first service names it.
        if (!this.serviceOf.has(client)) this.serviceOf.set(client, service);
        return client;
    }

    /**
     * The client of any endpoint in the configured project: one per endpoint and project, so every resource type
     * that calls one endpoint shares its rate limiter, retries and job polling.
     */
    clientFor(endpoint: string): OtcClient {
        const settings = this.settings();
        const key = `${endpoint.replace(/\/+$/, "")}|${settings.projectId}`;
        let client = this.clients.get(key);
        if (!client) {
            client = new OtcClient({
                endpoint,
                projectId: settings.projectId,
                credentials: settings.credentials,
                dispatcher: sharedHttpDispatcher({
                    insecure: settings.insecure,
                    ...(settings.caCertPath ? { caCertPath: settings.caCertPath } : {}),
                }),
                rateLimiter: sharedRateLimiter(new URL(endpoint).origin, {
                    ratePerSecond: settings.maxRequestsPerSecond ?? DEFAULT_RATE_PER_SECOND,
                }),
                onRetry: (e) =>
                    this.reporter.note(`retrying ${e.method} ${e.path} after ${e.reason} (${e.retriesLeft} retries left)`),
            });
            this.clients.set(key, client);
        }
        return client;
    }

    statusSource(client: OtcClient): JobStatusSource {
        if (!this.sharesPolls(client)) return this.singleJobSource(client);
        const source = jobStatusSourceFor(client);
        this.noticesOf(source);
        return source;
    }

    /** Learned job durations of the client's project (for jobs without progress), when polls are shared. */
    durationPriors(client: OtcClient): DurationPriorSource | undefined {
        if (!this.sharesPolls(client)) return undefined;
        const history = durationHistoryFor(client);
        this.noticesOf(history);
        return history;
    }

    /**
     * One job per call. TaurusDB's job query also lives under a legacy prefix (`/mysql/v3`, seed 003) that some
     * regions serve alone: one source per client remembers which path answers (`otc:taurusdbJobsPath`).
     */
    private singleJobSource(client: OtcClient): JobStatusSource {
        if (this.serviceOf.get(client) !== "taurusdb") return new SingleJobStatusSource(client);
        let source = this.fallbackSources.get(client);
        if (!source) {
            const prefixes = taurusDbJobPathPrefixes(this.settings().taurusdbJobsPath);
            source = new FallbackJobStatusSource(client, prefixes, (message) => this.reporter.note(message));
            this.fallbackSources.set(client, source);
        }
        return source;
    }

    private readonly fallbackSources = new WeakMap<OtcClient, FallbackJobStatusSource>();

    /** Polls go through the task list only where the service documents one, and unless `otc:coalescePolls` is off. */
    private sharesPolls(client: OtcClient): boolean {
        const service = this.serviceOf.get(client);
        return this.settings().coalescePolls && service !== undefined && SERVICES_WITH_TASK_LIST.has(service);
    }

    private readonly serviceOf = new WeakMap<OtcClient, ServiceName>();
    private readonly listening = new WeakSet<object>();

    /** A degraded wait (the task list failing or not showing a job) is said once in the output, never silently. */
    private noticesOf(source: { onNotice(listener: (message: string) => void): unknown }): void {
        if (this.listening.has(source)) return;
        this.listening.add(source);
        source.onNotice((message) => this.reporter.note(message));
    }
}

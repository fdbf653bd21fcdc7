import { parseArgs } from "node:util";
import { isAuthError, OtcApiError } from "../client/otc-api-error";
import { OtcConfigError, requireEndpoint, resolveOtcSettings, type ConfigSource } from "../config/otc-settings";
import { JobFailedError, JobNotFoundError, JobTimeoutError } from "../jobs/job-errors";
import type { Job } from "../jobs/job-schema";
import type { JobProgressEvent } from "../jobs/job-waiter";
import { describeJobCalls } from "../jobs/poll-stats";
import { ProgressReporter } from "../jobs/progress-reporter";
import { waitForJob } from "../jobs/wait-for-job";
import { parseDurationMs } from "../resources/lifecycle/operation-timeouts";
import { formatDuration } from "../util/format-duration";
import { EXIT } from "./exit-codes";

export const WAIT_HELP = `Usage: otc-jobs wait <job-id> [options]

Waits for an Open Telekom Cloud job (GET {endpoint}/v3/{project_id}/jobs?id=<job-id>) to end.

Options:
  --endpoint URL        service endpoint (default: otc:endpoint / OTC_ENDPOINT / OTC_GAUSSDB_ENDPOINT,
                        else https://gaussdb.<OS_REGION_NAME>.otc.t-systems.com)
  --project-id ID       project id (default: OS_PROJECT_ID)
  --timeout D           give up after D, e.g. 90s, 20m, 2h (default 60m)
  --unknown-grace D     how long an id the task center does not know yet is waited for (default 60s)
  --stack NAME          also read otc:* settings from this Pulumi stack's config (runs \`pulumi config\`)
  --json                print the final job as JSON on stdout (progress goes to stderr)
  --quiet               no progress output
  --verbose             at the end, how many status calls the wait made and how many were shared
  --help                show this text

Credentials: OS_ACCESS_KEY + OS_SECRET_KEY (+ OS_SECURITY_TOKEN), or OS_TOKEN / OS_AUTH_TOKEN.

Exit codes: 0 completed, 1 job failed (fail_reason printed verbatim), 2 usage error, 3 timed out,
4 authentication or configuration error, 5 job unknown to OTC, 6 other error, 130 interrupted.
`;

export interface WaitCommandIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    isTty: boolean;
    env: NodeJS.ProcessEnv;
    /** Reads a Pulumi stack's config (`--stack`). */
    stackConfig: (stack: string) => Promise<ConfigSource>;
    signal?: AbortSignal;
}

/** `otc-jobs wait`: returns the exit code. */
export async function runWaitCommand(argv: string[], io: WaitCommandIo): Promise<number> {
    let args: ReturnType<typeof parse>;
    try {
        args = parse(argv);
    } catch (error) {
        io.stderr(`otc-jobs wait: ${(error as Error).message}\n\n${WAIT_HELP}`);
        return EXIT.usage;
    }
    if (args.values.help) {
        io.stdout(WAIT_HELP);
        return EXIT.completed;
    }
    const jobId = args.positionals[0];
    if (!jobId || args.positionals.length > 1) {
        io.stderr(`otc-jobs wait: expected exactly one <job-id>, got ${args.positionals.length}\n\n${WAIT_HELP}`);
        return EXIT.usage;
    }
    const timeoutMs = durationFlag(args.values.timeout, "--timeout", io);
    const graceMs = durationFlag(args.values["unknown-grace"], "--unknown-grace", io);
    if (timeoutMs === null || graceMs === null) return EXIT.usage;

    let endpoint: string;
    let settings: ReturnType<typeof resolveOtcSettings>;
    try {
        const stack = args.values.stack ? await io.stackConfig(args.values.stack) : undefined;
        const flags: Record<string, string | undefined> = {
            "otc:endpoint": args.values.endpoint,
            "otc:projectId": args.values["project-id"],
        };
        settings = resolveOtcSettings({ get: (key) => flags[key] ?? stack?.get(key) }, io.env);
        endpoint = args.values.endpoint ?? requireEndpoint(settings, "gaussdb");
    } catch (error) {
        io.stderr(`otc-jobs wait: ${(error as Error).message}\n`);
        return error instanceof OtcConfigError ? EXIT.authOrConfig : EXIT.otherError;
    }

    const show = args.values.quiet ? undefined : progressDisplay(io, jobId);
    const started = Date.now();
    let lastCalls: JobProgressEvent["calls"] | undefined;
    const onProgress = (event: JobProgressEvent): void => {
        lastCalls = event.calls;
        show?.update(event);
    };
    // Said once, whatever --quiet says: a degraded wait (each job polled on its own) should never be silent.
    const onNotice = (message: string): void => io.stderr(`otc-jobs wait: note: ${message}\n`);
    const reportCalls = (): void => {
        if (args.values.verbose && lastCalls) io.stderr(`otc-jobs wait: ${describeJobCalls(lastCalls)}\n`);
    };
    try {
        const job = await waitForJob({
            endpoint,
            projectId: settings.projectId,
            jobId,
            credentials: settings.credentials,
            insecure: settings.insecure,
            ...(settings.caCertPath ? { caCertPath: settings.caCertPath } : {}),
            ...(settings.maxRequestsPerSecond !== undefined ? { maxRequestsPerSecond: settings.maxRequestsPerSecond } : {}),
            coalescePolls: settings.coalescePolls,
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
            ...(graceMs !== undefined ? { unknownJobGraceMs: graceMs } : {}),
            ...(io.signal ? { signal: io.signal } : {}),
            onProgress,
            onNotice,
        });
        show?.done("completed", Date.now() - started);
        reportCalls();
        if (args.values.json) io.stdout(`${JSON.stringify(jobJson(job, "Completed"))}\n`);
        return EXIT.completed;
    } catch (error) {
        show?.done(error instanceof JobFailedError ? "FAILED" : "stopped", Date.now() - started);
        reportCalls();
        if (args.values.json) io.stdout(`${JSON.stringify(errorJson(jobId, error))}\n`);
        if (error instanceof JobFailedError) {
            // fail_reason verbatim, on a line of its own, so scripts can grep it.
            io.stderr(`${error.failReason}\n`);
            io.stderr(`otc-jobs wait: job ${error.jobName ?? ""} ${error.jobId} failed\n`);
            return EXIT.failed;
        }
        io.stderr(`otc-jobs wait: ${error instanceof Error ? error.message : String(error)}\n`);
        if (io.signal?.aborted) return EXIT.interrupted;
        if (error instanceof JobTimeoutError) return EXIT.timedOut;
        if (error instanceof JobNotFoundError) return EXIT.notFound;
        if (isAuthError(error)) return EXIT.authOrConfig;
        return EXIT.otherError;
    }
}

function parse(argv: string[]) {
    return parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            endpoint: { type: "string" },
            "project-id": { type: "string" },
            timeout: { type: "string" },
            "unknown-grace": { type: "string" },
            stack: { type: "string" },
            json: { type: "boolean" },
            quiet: { type: "boolean" },
            verbose: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
    });
}

/** undefined: not given; null: malformed (already reported). */
function durationFlag(value: string | undefined, flag: string, io: WaitCommandIo): number | undefined | null {
    if (value === undefined) return undefined;
    const ms = parseDurationMs(value);
    if (ms === undefined) {
        io.stderr(`otc-jobs wait: ${flag} must be a duration like 90s, 20m or 2h, got "${value}"\n`);
        return null;
    }
    return ms;
}

interface ProgressDisplay {
    update: (event: JobProgressEvent) => void;
    done: (outcome: string, elapsedMs: number) => void;
}

/** A redrawn bar on a terminal; throttled plain lines (with a heartbeat) in a CI log. */
function progressDisplay(io: WaitCommandIo, jobId: string): ProgressDisplay {
    if (io.isTty) {
        let name = "job";
        return {
            update: (e) => {
                name = e.jobName ?? name;
                const pct = e.progressPercent;
                const width = 30;
                const filled = pct === undefined ? 0 : Math.round((pct / 100) * width);
                const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
                const label = pct === undefined ? e.status.toLowerCase() : `${pct}%`;
                io.stderr(`\r${bar} ${label.padEnd(8)} ${name} ${formatDuration(e.elapsedMs)}${e.error ? " (retrying)" : ""}\x1b[K`);
            },
            done: (outcome, elapsedMs) => io.stderr(`\r${name} ${jobId}: ${outcome} (${formatDuration(elapsedMs)})\x1b[K\n`),
        };
    }
    const reporter = new ProgressReporter({ write: (line) => io.stderr(`${line}\n`) });
    let started = false;
    return {
        update: (e) => {
            if (!started) {
                reporter.start(jobId, jobId, e.jobName ?? "job", Date.now() - e.elapsedMs);
                started = true;
            }
            reporter.update(jobId, e);
        },
        done: (outcome) => {
            if (started) reporter.finish(jobId, outcome);
        },
    };
}

function jobJson(job: Job, status: string) {
    return {
        jobId: job.id,
        name: job.name,
        status,
        failReason: job.failReason ?? null,
        instance: job.instance ?? null,
        created: job.created?.toISOString() ?? null,
        ended: job.ended?.toISOString() ?? null,
        entities: job.entities ?? null,
    };
}

function errorJson(jobId: string, error: unknown) {
    if (error instanceof JobFailedError) return jobJson(error.job, "Failed");
    const status = error instanceof JobTimeoutError ? "TimedOut" : error instanceof JobNotFoundError ? "NotFound" : "Error";
    return {
        jobId,
        status,
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof OtcApiError ? { httpStatus: error.status, errorCode: error.errorCode ?? null, requestId: error.requestId ?? null } : {}),
        ...(error instanceof JobTimeoutError ? { lastProgressPercent: error.lastProgressPercent ?? null } : {}),
    };
}

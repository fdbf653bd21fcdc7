import { parseArgs } from "node:util";
import { isAuthError, OtcApiError, OtcEndpointError } from "../client/otc-api-error";
import {
    OtcConfigError,
    requireEndpoint,
    plainTextCredentialKeys,
    plainTextCredentialWarning,
    resolveOtcSettings,
    SERVICE_HOST_LABELS,
    SERVICE_NAMES,
    type ConfigSource,
    type ServiceName,
} from "../config/otc-settings";
import { JobFailedError, JobNotFoundError, JobTimeoutError } from "../jobs/job-errors";
import type { Job } from "../jobs/job";
import type { JobProgressEvent } from "../jobs/job-waiter";
import { describeJobCalls } from "../jobs/poll-stats";
import { waitForJob } from "../jobs/wait-for-job";
import { parseDurationMs } from "../resources/lifecycle/operation-timeouts";
import { formatDuration } from "../util/format-duration";
import { taurusDbJobPathPrefixes } from "../resources/taurusdb-instance/taurusdb-jobs-path";
import { EXIT } from "./exit-codes";
import { describeArgsError } from "./flag-suggestions";
import { progressDisplay } from "./progress-display";

export const WAIT_HELP = `Usage: otc-jobs wait <job-id> [options]

Waits for an Open Telekom Cloud job (GET {endpoint}/v3/{project_id}/jobs?id=<job-id>) to end.

Options:
  --service NAME        the service whose task center knows the job: gaussdb (openGauss, the default),
                        rds or taurusdb (its /v3 job path, else the legacy /mysql/v3 one where /v3 is
                        not published; OTC_TAURUSDB_JOBS_PATH=auto|v3|mysql)
  --endpoint URL        service endpoint; {service} in it becomes the service's host label (default:
                        otc:<service>Endpoint / OTC_<SERVICE>_ENDPOINT, otc:endpoint / OTC_ENDPOINT, else
                        the token catalog's or https://<gaussdb|rds|gaussdb-mysql>.<region>.otc.t-systems.com)
  --project-id ID       project id (default: OS_PROJECT_ID, or the id of OS_PROJECT_NAME)
  --timeout D           give up after D, e.g. 90s, 20m, 2h (default 60m)
  --unknown-grace D     how long an id the task center does not know yet is waited for (default 60s)
  --stack NAME          also read otc:* settings from this Pulumi stack's config (runs \`pulumi config\`)
  --json                print the final job as JSON on stdout (progress goes to stderr)
  --quiet               no progress output
  --verbose             at the end, how many status calls the wait made and how many were shared
  --help                show this text

Credentials, as for pulumi up: OS_ACCESS_KEY + OS_SECRET_KEY (+ OS_SECURITY_TOKEN); or OS_USERNAME +
OS_PASSWORD + OS_DOMAIN_NAME (IAM token from OS_AUTH_URL, default the region's IAM); or OS_TOKEN /
OS_AUTH_TOKEN; or OS_CLOUD naming a clouds.yaml entry. Project: OS_PROJECT_ID or OS_PROJECT_NAME (its
eu-de_ prefix sets the region when OS_REGION_NAME is unset).

--json prints one object on stdout: {"jobId","name","status":"Completed"|"Failed","failReason","instance":
{"id","name"}|null,"created","ended","entities"} when the job ended, else {"jobId","name","status":"TimedOut"|
"NotFound"|"Interrupted"|"Error","instance","error", ...} (name and instance as last seen, or null).

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
        io.stderr(`otc-jobs wait: ${describeArgsError(error, WAIT_OPTIONS)} (see otc-jobs wait --help)\n`);
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
    const service = (args.values.service ?? "gaussdb") as ServiceName;
    if (!SERVICE_NAMES.includes(service)) {
        io.stderr(`otc-jobs wait: --service must be one of ${SERVICE_NAMES.join(", ")}, got "${service}"\n`);
        return EXIT.usage;
    }

    let endpoint: string;
    let settings: ReturnType<typeof resolveOtcSettings>;
    let jobPathPrefixes: readonly string[] | undefined;
    try {
        const stack = args.values.stack ? await readStack(io, args.values.stack) : undefined;
        const flags: Record<string, string | undefined> = {
            "otc:endpoint": args.values.endpoint,
            "otc:projectId": args.values["project-id"],
        };
        const config: ConfigSource = {
            get: (key) => flags[key] ?? stack?.get(key),
            isSecret: (key) => (flags[key] !== undefined ? undefined : stack?.isSecret?.(key)),
        };
        settings = resolveOtcSettings(config, io.env);
        const plainText = plainTextCredentialKeys(config);
        if (plainText.length > 0) io.stderr(`otc-jobs wait: warning: ${plainTextCredentialWarning(plainText, args.values.stack)}\n`);
        endpoint = args.values.endpoint?.replaceAll("{service}", SERVICE_HOST_LABELS[service]) ?? requireEndpoint(settings, service);
        if (service === "taurusdb") jobPathPrefixes = taurusDbJobPathPrefixes(settings.taurusdbJobsPath);
    } catch (error) {
        io.stderr(`otc-jobs wait: ${(error as Error).message}\n`);
        return error instanceof OtcConfigError ? EXIT.authOrConfig : EXIT.otherError;
    }

    const show = args.values.quiet ? undefined : progressDisplay({ write: io.stderr, isTty: io.isTty, jobId });
    const started = Date.now();
    // Named in the messages of a timeout or an interruption: the last job answer says which instance it is about.
    let lastJob: Job | undefined;
    let lastCalls: JobProgressEvent["calls"] | undefined;
    const onProgress = (event: JobProgressEvent): void => {
        lastJob = event.job ?? lastJob;
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
            // Only openGauss documents the task list that shared polls read; TaurusDB may need its legacy job path.
            coalescePolls: settings.coalescePolls && service === "gaussdb",
            ...(jobPathPrefixes ? { jobPathPrefixes } : {}),
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
        const interrupted = io.signal?.aborted === true;
        show?.done(
            error instanceof JobFailedError ? "FAILED" : interrupted ? "interrupted" : error instanceof JobNotFoundError ? "not found" : "stopped",
            Date.now() - started,
        );
        reportCalls();
        if (args.values.json) io.stdout(`${JSON.stringify(errorJson(jobId, error, interrupted, lastJob))}\n`);
        if (error instanceof JobFailedError) {
            // fail_reason verbatim, on a line of its own, so scripts can grep it.
            io.stderr(`${error.failReason}\n`);
            io.stderr(`otc-jobs wait: job ${error.jobName ?? ""} ${error.jobId} failed\n`);
            return EXIT.failed;
        }
        const again = `Wait for it again with: ${rewaitCommand(argv)}`;
        if (interrupted) {
            io.stderr(`otc-jobs wait: interrupted. ${describeJob(jobId, lastJob)} keeps running on OTC: stopping the wait does not cancel it. ${again}\n`);
            return EXIT.interrupted;
        }
        if (error instanceof JobTimeoutError) {
            const last = lastJob ? `last seen ${lastJob.status}${lastJob.progressPercent !== undefined ? ` at ${lastJob.progressPercent}%` : ""}` : "never seen";
            io.stderr(
                `otc-jobs wait: timed out after ${formatDuration(error.waitedMs)} waiting for ${describeJob(jobId, lastJob ?? error.lastJob)} ` +
                    `(${last}). The job keeps running on OTC. ${again}\n`,
            );
            return EXIT.timedOut;
        }
        io.stderr(`otc-jobs wait: ${error instanceof Error ? error.message : String(error)}\n`);
        if (error instanceof JobNotFoundError) return EXIT.notFound;
        // Wrong credentials, a project name no one can see, a host that does not resolve or is not trusted, an
        // unreadable CA bundle: configuration, not the job.
        if (isAuthError(error) || error instanceof OtcConfigError || error instanceof OtcEndpointError) return EXIT.authOrConfig;
        return EXIT.otherError;
    }
}

const WAIT_OPTIONS = {
    service: { type: "string" },
    endpoint: { type: "string" },
    "project-id": { type: "string" },
    timeout: { type: "string" },
    "unknown-grace": { type: "string" },
    stack: { type: "string" },
    verbose: { type: "boolean" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
} as const;

function parse(argv: string[]) {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: WAIT_OPTIONS });
}

/** A stack's config, or a configuration error (exit 4) that says why it could not be read. */
async function readStack(io: WaitCommandIo, stack: string): Promise<ConfigSource> {
    try {
        return await io.stackConfig(stack);
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new OtcConfigError(`cannot read the otc:* config of Pulumi stack "${stack}" (--stack): ${reason}`);
    }
}

/** "OTC job CreateGaussDBV5Instance 0a1b… on instance orders-db-3fa9c2d1 (…in14)", from what was last seen. */
function describeJob(jobId: string, job: Job | undefined): string {
    const instance = job?.instance
        ? ` on instance ${[job.instance.name, job.instance.id && `(${job.instance.id})`].filter(Boolean).join(" ")}`
        : "";
    return `OTC job ${job?.name ? `${job.name} ` : ""}${jobId}${instance}`;
}

/** The exact command line to wait again: this one, flags and all (none of them is a secret). */
function rewaitCommand(argv: readonly string[]): string {
    return ["otc-jobs", "wait", ...argv].map(shellQuote).join(" ");
}

function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
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

function errorJson(jobId: string, error: unknown, interrupted: boolean, lastJob: Job | undefined) {
    if (error instanceof JobFailedError) return jobJson(error.job, "Failed");
    const status = interrupted ? "Interrupted" : error instanceof JobTimeoutError ? "TimedOut" : error instanceof JobNotFoundError ? "NotFound" : "Error";
    // A script that gives up on a job needs to know which instance it left running: its name as well as its id.
    const seen = lastJob ?? (error instanceof JobTimeoutError ? error.lastJob : undefined);
    return {
        jobId,
        name: seen?.name ?? null,
        status,
        instance: seen?.instance ?? null,
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof OtcApiError ? { httpStatus: error.status, errorCode: error.errorCode ?? null, requestId: error.requestId ?? null } : {}),
        ...(error instanceof JobTimeoutError ? { lastProgressPercent: error.lastProgressPercent ?? null } : {}),
    };
}

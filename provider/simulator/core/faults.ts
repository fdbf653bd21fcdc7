/** Which requests or new jobs a fault rule applies to. Every field set must match; none set matches all. */
export interface FaultMatch {
    /** HTTP method, case-insensitive. For job faults: the method of the request that submitted the job. */
    method?: string;
    /** Regular expression tested against the request path without the query string. */
    path?: string;
    /** Exact job name, e.g. `CreateGaussDBV5Instance`. Job faults only. */
    jobName?: string;
    /** Regular expression tested against the instance name when the job is submitted. Job faults only. */
    instanceName?: string;
}

/** Faults decided when a job is submitted; they shape that job for its whole life. */
export type JobFaultAction =
    /** The job ends `Failed` at `atPercent` (default 50) of its duration, with `failReason` verbatim. */
    | { type: "job-fail"; failReason: string; atPercent?: number }
    /** The job takes `ms` real milliseconds (not divided by the time scale). */
    | { type: "job-duration"; ms: number }
    /** The job reports `""` progress while running. */
    | { type: "job-no-progress" }
    /** The task center answers 400 DBS.200543 for the job during its first `forMs` real milliseconds. */
    | { type: "job-unknown"; forMs: number }
    /**
     * The task center forgets the job `afterMs` real milliseconds after it ended (OTC purges ended jobs; how it
     * answers then is not documented): `answer` "400" (DBS.200543, the default), "404" (DBS.200543 with 404) or
     * "empty" (200 with no job). The task list stops showing it either way.
     */
    | { type: "job-purge"; afterMs?: number; answer?: JobPurgeAnswer };

/** How the simulator answers for a purged job. */
export type JobPurgeAnswer = "400" | "404" | "empty";

/** Faults decided per HTTP request. */
export type HttpFaultAction =
    /** Answer `status` without processing the request; `Retry-After` is sent when given. */
    | { type: "http-error"; status: number; errorCode?: string; errorMsg?: string; retryAfterSeconds?: number }
    /** Reset the connection without answering; the request is not processed. */
    | { type: "reset" }
    /** Process the request at once, but send the answer `ms` later (the client may give up before). */
    | { type: "delay"; ms: number }
    /** Process the request, then send the status, the headers and only the first half of the JSON body. */
    | { type: "truncate" };

export type FaultAction = JobFaultAction | HttpFaultAction;

/** One fault to inject: which requests or new jobs it applies to, how often, and what it does. */
export interface FaultRule {
    match?: FaultMatch;
    /** How many times the rule fires before it is dropped; unlimited when unset. */
    times?: number;
    action: FaultAction;
}

/** The combined effect of every job fault that fired for one new job. */
export interface JobFaultEffects {
    durationMs?: number;
    failure?: { atPercent: number; reason: string };
    noProgress?: boolean;
    unknownForMs?: number;
    purge?: { afterMs: number; answer: JobPurgeAnswer };
}

/** A fault rule that cannot be used; the message names the offending field. */
export class FaultRuleError extends Error {
    override readonly name = "FaultRuleError";
}

interface ActiveRule {
    rule: FaultRule;
    remaining: number;
    pathPattern: RegExp | undefined;
    instanceNamePattern: RegExp | undefined;
}

const JOB_FAULT_TYPES = new Set(["job-fail", "job-duration", "job-no-progress", "job-unknown", "job-purge"]);
const HTTP_FAULT_TYPES = new Set(["http-error", "reset", "delay", "truncate"]);

/** The active fault rules, in the order they were added; the first matching HTTP rule wins. */
export class SimulatorFaults {
    private rules: ActiveRule[] = [];
    private firedCount = 0;

    /** Validates and adds a rule; throws {@link FaultRuleError} naming the bad field. */
    add(input: unknown): void {
        const rule = parseFaultRule(input);
        this.rules.push({
            rule,
            remaining: rule.times ?? Number.POSITIVE_INFINITY,
            pathPattern: rule.match?.path === undefined ? undefined : new RegExp(rule.match.path),
            instanceNamePattern: rule.match?.instanceName === undefined ? undefined : new RegExp(rule.match.instanceName),
        });
    }

    clear(): void {
        this.rules = [];
    }

    get fired(): number {
        return this.firedCount;
    }

    resetFiredCount(): void {
        this.firedCount = 0;
    }

    /** Rules still active, with what is left of their `times`. */
    list(): FaultRule[] {
        return this.rules.map(({ rule, remaining }) =>
            Number.isFinite(remaining) ? { ...rule, times: remaining } : { ...rule },
        );
    }

    /** The first HTTP fault matching the request, consumed. */
    takeHttpFault(method: string, path: string): HttpFaultAction | undefined {
        for (const active of this.rules) {
            if (!isHttpAction(active.rule.action) || !matchesRequest(active, method, path)) continue;
            this.consume(active);
            return active.rule.action;
        }
        return undefined;
    }

    /** Every job fault matching a job being submitted, consumed and merged (the first of each kind wins). */
    takeJobFaults(job: { method: string; path: string; jobName: string; instanceName: string }): JobFaultEffects {
        const effects: JobFaultEffects = {};
        for (const active of [...this.rules]) {
            const { action, match } = active.rule;
            if (isHttpAction(action) || !matchesRequest(active, job.method, job.path)) continue;
            if (match?.jobName !== undefined && match.jobName !== job.jobName) continue;
            if (active.instanceNamePattern && !active.instanceNamePattern.test(job.instanceName)) continue;
            this.consume(active);
            switch (action.type) {
                case "job-fail":
                    effects.failure ??= { atPercent: action.atPercent ?? 50, reason: action.failReason };
                    break;
                case "job-duration":
                    effects.durationMs ??= action.ms;
                    break;
                case "job-no-progress":
                    effects.noProgress = true;
                    break;
                case "job-unknown":
                    effects.unknownForMs ??= action.forMs;
                    break;
                case "job-purge":
                    effects.purge ??= { afterMs: action.afterMs ?? 0, answer: action.answer ?? "400" };
                    break;
            }
        }
        return effects;
    }

    private consume(active: ActiveRule): void {
        this.firedCount++;
        active.remaining--;
        if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    }
}

function isHttpAction(action: FaultAction): action is HttpFaultAction {
    return HTTP_FAULT_TYPES.has(action.type);
}

function matchesRequest(active: ActiveRule, method: string, path: string): boolean {
    const wanted = active.rule.match?.method;
    if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) return false;
    return !active.pathPattern || active.pathPattern.test(path);
}

/** Checks a rule that came over HTTP (or from JavaScript callers without type checks). */
export function parseFaultRule(input: unknown): FaultRule {
    if (!isRecord(input)) throw new FaultRuleError("fault rule must be an object");
    const match = parseMatch(input["match"]);
    const times = input["times"];
    if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 1)) {
        throw new FaultRuleError(`times must be a positive integer, got ${JSON.stringify(times)}`);
    }
    const action = parseAction(input["action"]);
    if (isHttpAction(action) && (match?.jobName !== undefined || match?.instanceName !== undefined)) {
        throw new FaultRuleError(`match.jobName and match.instanceName only apply to job-* actions, not ${action.type}`);
    }
    const rule: FaultRule = { action };
    if (match) rule.match = match;
    if (times !== undefined) rule.times = times as number;
    return rule;
}

function parseMatch(value: unknown): FaultMatch | undefined {
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw new FaultRuleError("match must be an object");
    const match: FaultMatch = {};
    for (const field of ["method", "path", "jobName", "instanceName"] as const) {
        const v = value[field];
        if (v === undefined) continue;
        if (typeof v !== "string") throw new FaultRuleError(`match.${field} must be a string`);
        if (field === "path" || field === "instanceName") {
            try {
                new RegExp(v);
            } catch (error) {
                throw new FaultRuleError(`match.${field} is not a valid regular expression: ${(error as Error).message}`);
            }
        }
        match[field] = v;
    }
    return match;
}

function parseAction(value: unknown): FaultAction {
    if (!isRecord(value)) throw new FaultRuleError("action must be an object");
    const type = value["type"];
    const number = (field: string, min: number, max = Number.POSITIVE_INFINITY, integer = false): number => {
        const v = value[field];
        if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
            const kind = integer ? "an integer" : "a number";
            throw new FaultRuleError(`action.${field} must be ${kind} in ${min}..${max}, got ${JSON.stringify(v)}`);
        }
        return v;
    };
    const optional = (field: string): boolean => value[field] !== undefined;
    const string = (field: string): string => {
        const v = value[field];
        if (typeof v !== "string") throw new FaultRuleError(`action.${field} must be a string`);
        return v;
    };
    switch (type) {
        case "job-fail": {
            const action: JobFaultAction = { type, failReason: string("failReason") };
            if (optional("atPercent")) action.atPercent = number("atPercent", 0, 100);
            return action;
        }
        case "job-duration":
            return { type, ms: number("ms", 0) };
        case "job-no-progress":
            return { type };
        case "job-unknown":
            return { type, forMs: number("forMs", 0) };
        case "job-purge": {
            const action: JobFaultAction = { type };
            if (optional("afterMs")) action.afterMs = number("afterMs", 0);
            if (optional("answer")) {
                const answer = string("answer");
                if (answer !== "400" && answer !== "404" && answer !== "empty") {
                    throw new FaultRuleError(`action.answer must be "400", "404" or "empty", got ${JSON.stringify(answer)}`);
                }
                action.answer = answer;
            }
            return action;
        }
        case "http-error": {
            const action: HttpFaultAction = { type, status: number("status", 400, 599, true) };
            if (optional("errorCode")) action.errorCode = string("errorCode");
            if (optional("errorMsg")) action.errorMsg = string("errorMsg");
            if (optional("retryAfterSeconds")) {
                action.retryAfterSeconds = number("retryAfterSeconds", 0, Number.MAX_SAFE_INTEGER, true);
            }
            return action;
        }
        case "reset":
        case "truncate":
            return { type };
        case "delay":
            return { type, ms: number("ms", 0) };
        default:
            const known = [...JOB_FAULT_TYPES, ...HTTP_FAULT_TYPES].join(", ");
            throw new FaultRuleError(`action.type must be one of ${known}, got ${JSON.stringify(type)}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

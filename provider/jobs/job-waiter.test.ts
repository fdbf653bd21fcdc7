import { OtcApiError, OtcNetworkError, OtcResponseError } from "../client/otc-api-error";
import { JobFailedError, JobNotFoundError, JobTimeoutError } from "./job-errors";
import type { Job } from "./job";
import type { JobLookup, JobStatusSource, LookupOptions } from "./job-status-source";
import { type JobProgressEvent, type JobWaiterDependencies, waitForJobWith } from "./job-waiter";
import { defaultPollPolicy, type PollContext, type PollPolicy } from "./poll-policy";

// Unit tests of the waiter alone: a fake job status source scripted over a virtual clock, and a sleep that
// only moves that clock. No timers, no network; the real default poll policy decides the schedule unless a
// test needs a fixed one.

const START_MS = Date.UTC(2024, 5, 1, 12, 0, 0);
const JOB_ID = "0ae2b1a4-5e1c-4b7e-9c1e-3f6e1b2a9d10";

class VirtualClock {
    ms = START_MS;
    readonly now = (): number => this.ms;
    /** Sleeps taken, in order (ms). */
    readonly sleeps: number[] = [];
    readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
        signal?.throwIfAborted();
        expect(ms).toBeGreaterThanOrEqual(0);
        this.sleeps.push(ms);
        this.ms += ms;
        // Let other promise chains (an abort scheduled by the test) run, as a real sleep would.
        await Promise.resolve();
        signal?.throwIfAborted();
    };
    /** Elapsed since the start, ms. */
    get elapsed(): number {
        return this.ms - START_MS;
    }
}

function job(overrides: Partial<Job> = {}): Job {
    return {
        id: JOB_ID,
        name: "CreateGaussDBV5Instance",
        status: "Running",
        rawStatus: "Running",
        instance: { id: "b34f0f1a2c4e4b8f9b1e2a3c4d5e6f70in14", name: "gauss-c1a3" },
        created: new Date(START_MS),
        ...overrides,
    };
}

type Answer = JobLookup | Error;

/** Answers by elapsed virtual time; records when each lookup happened and with which options. */
class FakeSource implements JobStatusSource {
    readonly lookupsAt: number[] = [];
    readonly options: LookupOptions[] = [];
    constructor(
        private readonly clock: VirtualClock,
        private readonly answer: (elapsedMs: number, call: number) => Answer,
    ) {}

    async lookup(jobId: string, options: LookupOptions = {}): Promise<JobLookup> {
        expect(jobId).toBe(JOB_ID);
        this.lookupsAt.push(this.clock.elapsed);
        this.options.push(options);
        const answer = this.answer(this.clock.elapsed, this.lookupsAt.length);
        if (answer instanceof Error) throw answer;
        return answer;
    }
}

const found = (j: Job, observedAtMs?: number): JobLookup =>
    observedAtMs === undefined ? { kind: "found", job: j } : { kind: "found", job: j, observedAtMs };

/** A job that runs linearly from 0 to `durationMs` (virtual), then ends with `end`. */
function linearJob(durationMs: number, end: Partial<Job> = { status: "Completed", rawStatus: "Completed" }) {
    return (elapsedMs: number): Answer =>
        elapsedMs >= durationMs
            ? found(job({ ...end, ended: new Date(START_MS + durationMs) }))
            : found(job({ progressPercent: Math.floor((100 * elapsedMs) / durationMs) }));
}

function setup(answer: (elapsedMs: number, call: number) => Answer, policy?: PollPolicy) {
    const clock = new VirtualClock();
    const source = new FakeSource(clock, answer);
    const deps: JobWaiterDependencies = {
        source,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        ...(policy ? { policy } : {}),
    };
    const events: JobProgressEvent[] = [];
    return { clock, source, deps, events, onProgress: (e: JobProgressEvent) => events.push(e) };
}

/** Polls every `everyMs`, honouring the deadline and Retry-After as the PollPolicy contract asks. */
function fixedPolicy(everyMs: number, seen: PollContext[] = []): PollPolicy {
    return {
        nextDelayMs(ctx) {
            seen.push({ ...ctx, history: [...ctx.history] });
            return Math.max(Math.min(everyMs, Math.max(0, ctx.deadlineMs - ctx.nowMs)), ctx.retryAfterMs ?? 0);
        },
    };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error("expected the promise to reject, but it resolved");
}

describe("waitForJobWith", () => {
    it("resolves with the completed job once it ends (default policy)", async () => {
        const { clock, source, deps, events, onProgress } = setup(linearJob(10 * 60_000));
        const result = await waitForJobWith(deps, { jobId: JOB_ID, onProgress });

        expect(result.status).toBe("Completed");
        expect(result.id).toBe(JOB_ID);
        expect(clock.elapsed).toBeGreaterThanOrEqual(10 * 60_000);
        expect(events.at(-1)).toMatchObject({ status: "Completed", polls: source.lookupsAt.length, error: undefined });
        expect(events.map((e) => e.polls)).toEqual(source.lookupsAt.map((_, i) => i + 1));
        // Progress is reported while running, and never goes backwards.
        const percents = events.map((e) => e.progressPercent).filter((p): p is number => p !== undefined);
        expect(percents.length).toBeGreaterThan(2);
        expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    });

    it("rejects a Failed job with JobFailedError carrying fail_reason verbatim and naming job and instance", async () => {
        const failReason = "  The ECS quota is insufficient: Ecs.0000 (request 7f3a…)\ttry another flavor ";
        const { deps } = setup(linearJob(60_000, { status: "Failed", rawStatus: "Failed", failReason }));
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID }));

        expect(error).toBeInstanceOf(JobFailedError);
        const failed = error as JobFailedError;
        expect(failed.failReason).toBe(failReason);
        expect(failed.message.startsWith(failReason)).toBe(true);
        expect(failed.message).toContain(JOB_ID);
        expect(failed.message).toContain("CreateGaussDBV5Instance");
        expect(failed.message).toContain("gauss-c1a3");
        expect(failed.message).toContain("b34f0f1a2c4e4b8f9b1e2a3c4d5e6f70in14");
        expect(failed.jobId).toBe(JOB_ID);
        expect(failed.job.status).toBe("Failed");
    });

    it("names the instance from options.identity when the failed job carries none", async () => {
        const { deps } = setup(() => found(job({ status: "Failed", rawStatus: "Failed", failReason: "disk", instance: undefined })));
        const error = await rejectionOf(
            waitForJobWith(deps, { jobId: JOB_ID, identity: { instanceId: "inst-42", instanceName: "db-main" } }),
        );
        expect(error).toBeInstanceOf(JobFailedError);
        expect((error as Error).message).toMatch(/^disk\n/);
        expect((error as Error).message).toContain("db-main");
        expect((error as Error).message).toContain("inst-42");
    });

    it("says so when a Failed job has no fail_reason", async () => {
        const { deps } = setup(() => found(job({ status: "Failed", rawStatus: "Failed" })));
        const error = (await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID }))) as JobFailedError;
        expect(error).toBeInstanceOf(JobFailedError);
        expect(error.failReason).toBe("");
        expect(error.message).toMatch(/no failure reason/);
    });

    it("polls exactly once at the deadline, then rejects with JobTimeoutError naming the job and its last progress", async () => {
        const timeoutMs = 7 * 60_000;
        const { clock, source, deps } = setup(linearJob(60 * 60_000));
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, timeoutMs }));

        expect(error).toBeInstanceOf(JobTimeoutError);
        const last = source.lookupsAt.at(-1);
        expect(last).toBe(timeoutMs);
        expect(source.lookupsAt.filter((t) => t >= timeoutMs)).toHaveLength(1);
        expect(clock.elapsed).toBe(timeoutMs);

        const timeout = error as JobTimeoutError;
        const expectedPercent = Math.floor((100 * timeoutMs) / (60 * 60_000)); // what the poll at the deadline saw
        expect(timeout.lastProgressPercent).toBe(expectedPercent);
        expect(timeout.jobId).toBe(JOB_ID);
        expect(timeout.jobName).toBe("CreateGaussDBV5Instance");
        expect(timeout.waitedMs).toBe(timeoutMs);
        expect(timeout.message).toContain(JOB_ID);
        expect(timeout.message).toContain("CreateGaussDBV5Instance");
        expect(timeout.message).toContain(`at ${expectedPercent}%`);
        expect(timeout.message).toContain("7m00s");
    });

    it("clamps a policy that sleeps past the deadline to one poll at the deadline", async () => {
        const lazy: PollPolicy = { nextDelayMs: () => 10 * 3_600_000 };
        const { source, deps } = setup(linearJob(60 * 60_000), lazy);
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, timeoutMs: 90_000 }));
        expect(error).toBeInstanceOf(JobTimeoutError);
        expect(source.lookupsAt).toEqual([90_000]);
    });

    it("uses timeoutHint in place of the generic advice, and says when the job was never seen", async () => {
        const { deps } = setup(() => new OtcNetworkError("GET", "/v3/p/jobs", "ECONNRESET", new Error("reset")));
        const error = (await rejectionOf(
            waitForJobWith(deps, { jobId: JOB_ID, timeoutMs: 30_000, timeoutHint: "Run `pulumi refresh`." }),
        )) as JobTimeoutError;
        expect(error).toBeInstanceOf(JobTimeoutError);
        expect(error.lastJob).toBeUndefined();
        expect(error.message).toContain("never seen");
        expect(error.message).toContain("ECONNRESET");
        expect(error.message).toContain("Run `pulumi refresh`.");
        expect(error.message).not.toContain("otc-jobs wait");
    });

    it("tolerates transient errors (network, 5xx, 429, truncated body) and reports them while going on", async () => {
        const transient: Error[] = [
            new OtcNetworkError("GET", "/v3/p/jobs", "ECONNRESET", new Error("socket hang up")),
            new OtcApiError({ status: 503, method: "GET", path: "/v3/p/jobs", errorCode: "SYS.0503", errorMsg: "busy" }),
            new OtcApiError({ status: 429, method: "GET", path: "/v3/p/jobs", errorCode: "APIGW.0308", errorMsg: "slow down" }),
            new OtcResponseError("GET", "/v3/p/jobs", 200, "not JSON (Unexpected end of JSON input)", undefined, true),
        ];
        const { deps, events, onProgress } = setup((_elapsed, call) =>
            call <= transient.length ? transient[call - 1]! : found(job({ status: "Completed", rawStatus: "Completed" })),
        );
        const result = await waitForJobWith(deps, { jobId: JOB_ID, onProgress });

        expect(result.status).toBe("Completed");
        expect(events).toHaveLength(transient.length + 1);
        for (const [i, error] of transient.entries()) {
            expect(events[i]).toMatchObject({ status: "Unknown", error: error.message, progressPercent: undefined });
        }
        expect(events.at(-1)).toMatchObject({ status: "Completed", error: undefined });
    });

    it.each([
        ["401", new OtcApiError({ status: 401, method: "GET", path: "/v3/p/jobs", errorCode: "APIGW.0301", errorMsg: "bad auth" })],
        ["403", new OtcApiError({ status: 403, method: "GET", path: "/v3/p/jobs", errorCode: "DBS.280056", errorMsg: "invalid token" })],
        ["404 (wrong endpoint)", new OtcApiError({ status: 404, method: "GET", path: "/v3/p/jobs", errorCode: "APIGW.0101" })],
        ["a body of the wrong shape", new OtcResponseError("GET", "/v3/p/jobs", 200, "job.status: expected string", "r1", false)],
        ["a programming error", new TypeError("x is not a function")],
    ])("throws %s at once, without waiting for the deadline", async (_label, fatal) => {
        const { clock, source, deps, events, onProgress } = setup(() => fatal);
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, timeoutMs: 60 * 60_000, onProgress }));
        expect(error).toBe(fatal);
        expect(source.lookupsAt).toHaveLength(1);
        expect(events).toHaveLength(0);
        expect(clock.sleeps).toHaveLength(1); // the sleep before the first poll, none after it
    });

    it("never polls earlier than a 429's Retry-After (default policy)", async () => {
        const retryAfterMs = 45_000;
        const { source, deps } = setup((_elapsed, call) =>
            call === 2
                ? new OtcApiError({ status: 429, method: "GET", path: "/v3/p/jobs", errorCode: "APIGW.0308", retryAfterMs })
                : call < 4
                  ? found(job({ progressPercent: 10 * call }))
                  : found(job({ status: "Completed", rawStatus: "Completed" })),
        );
        await waitForJobWith(deps, { jobId: JOB_ID });
        const [, second, third] = source.lookupsAt;
        expect(second).toBeDefined();
        expect(third! - second!).toBeGreaterThanOrEqual(retryAfterMs);
    });

    it("passes Retry-After to the policy for exactly the next poll", async () => {
        const seen: PollContext[] = [];
        const { source, deps } = setup(
            (_elapsed, call) =>
                call === 1
                    ? new OtcApiError({ status: 503, method: "GET", path: "/v3/p/jobs", retryAfterMs: 7_000 })
                    : call < 3
                      ? found(job())
                      : found(job({ status: "Completed", rawStatus: "Completed" })),
            fixedPolicy(1_000, seen),
        );
        await waitForJobWith(deps, { jobId: JOB_ID });
        expect(seen.map((c) => c.retryAfterMs)).toEqual([undefined, 7_000, undefined]);
        expect(source.lookupsAt).toEqual([1_000, 8_000, 9_000]);
    });

    it("waits through DBS.200543 while the task center does not know a fresh job, then follows it", async () => {
        const { deps, events, onProgress } = setup((elapsed) =>
            elapsed < 20_000 ? { kind: "unknown" } : elapsed < 40_000 ? found(job({ progressPercent: 50 })) : found(job({ status: "Completed", rawStatus: "Completed" })),
        );
        const result = await waitForJobWith(deps, { jobId: JOB_ID, unknownJobGraceMs: 30_000, onProgress });
        expect(result.status).toBe("Completed");
        const unknown = events.filter((e) => e.status === "Unknown");
        expect(unknown.length).toBeGreaterThan(0);
        for (const e of unknown) {
            expect(e.error).toContain("DBS.200543");
            expect(e.elapsedMs).toBeLessThan(20_000);
        }
        expect(events.some((e) => e.progressPercent === 50)).toBe(true);
    });

    it("rejects with JobNotFoundError at the first poll past the grace, not before", async () => {
        const graceMs = 25_000;
        const { source, deps } = setup(() => ({ kind: "unknown" }));
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, unknownJobGraceMs: graceMs }));

        expect(error).toBeInstanceOf(JobNotFoundError);
        expect((error as JobNotFoundError).jobId).toBe(JOB_ID);
        expect((error as Error).message).toContain(JOB_ID);
        expect((error as Error).message).toContain("DBS.200543");
        const before = source.lookupsAt.slice(0, -1);
        expect(before.every((t) => t < graceMs)).toBe(true);
        expect(source.lookupsAt.at(-1)).toBeGreaterThanOrEqual(graceMs);
    });

    it("says not found when the grace ends, not at whatever poll the schedule plans after it", async () => {
        for (const graceMs of [10_000, 60_000, 300_000]) {
            const { source, deps } = setup(() => ({ kind: "unknown" }));
            const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, unknownJobGraceMs: graceMs }));
            expect(error).toBeInstanceOf(JobNotFoundError);
            expect(source.lookupsAt.at(-1)).toBeGreaterThanOrEqual(graceMs);
            expect(source.lookupsAt.at(-1)).toBeLessThan(graceMs + 1_000);
        }
    });

    it("does not give up on a job that was found and then answers unknown once (a lagging replica)", async () => {
        const { deps } = setup((_elapsed, call) =>
            call === 1 || call === 3 ? found(job({ progressPercent: 5 })) : call === 2 ? { kind: "unknown" } : found(job({ status: "Completed", rawStatus: "Completed" })),
        );
        const result = await waitForJobWith(deps, { jobId: JOB_ID, unknownJobGraceMs: 1 });
        expect(result.status).toBe("Completed");
    });

    it("rejects with JobNotFoundError (seen) when a job it has seen stays unknown: purged, it will not come back", async () => {
        const { source, deps } = setup((_elapsed, call) => (call === 1 ? found(job({ progressPercent: 5 })) : { kind: "unknown" }));
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, timeoutMs: 3_600_000 }));
        expect(error).toBeInstanceOf(JobNotFoundError);
        expect((error as JobNotFoundError).seen).toBe(true);
        expect((error as JobNotFoundError).lastJob?.progressPercent).toBe(5);
        expect((error as Error).message).toMatch(/stopped knowing job .*\(last seen Running at 5%\)/);
        // Two unknown answers after the sighting, not an hour of polling.
        expect(source.lookupsAt).toHaveLength(3);
    });

    it("dates an observation by observedAtMs when the answer was fetched earlier for another waiter", async () => {
        const seen: PollContext[] = [];
        const { clock, deps, events, onProgress } = setup(
            (_elapsed, call) =>
                call === 1
                    ? found(job({ progressPercent: 30 }), START_MS + 1_000 + 10_000 - 4_000)
                    : found(job({ status: "Completed", rawStatus: "Completed" })),
            fixedPolicy(11_000, seen),
        );
        await waitForJobWith(deps, { jobId: JOB_ID, onProgress });
        expect(clock.elapsed).toBe(22_000);
        // The shared answer is 4 s older than the poll that returned it (which happened at 11 s).
        expect(events[0]).toMatchObject({ elapsedMs: 7_000, progressPercent: 30 });
        expect(seen[1]!.history).toEqual([{ atMs: 7_000, status: "Running", progressPercent: 30 }]);
        expect(events[1]!.elapsedMs).toBe(22_000);
    });

    it("lets a poll far from the end reuse an answer a few seconds old, but never more than 15 s", async () => {
        const { source, deps } = setup(
            (_elapsed, call) => (call < 4 ? found(job()) : found(job({ status: "Completed", rawStatus: "Completed" }))),
            fixedPolicy(4 * 60_000),
        );
        await waitForJobWith(deps, { jobId: JOB_ID });
        for (const o of source.options) expect(o.maxStalenessMs).toBe(15_000);

        const quick = setup((_e, call) => (call < 3 ? found(job()) : found(job({ status: "Completed", rawStatus: "Completed" }))), fixedPolicy(2_000));
        await waitForJobWith(quick.deps, { jobId: JOB_ID });
        for (const o of quick.source.options) expect(o.maxStalenessMs).toBe(500);
    });

    it("rejects with the signal's reason when aborted during a sleep, and polls no more", async () => {
        const controller = new AbortController();
        const reason = new Error("user pressed Ctrl-C");
        const { source, deps } = setup((_elapsed, call) => {
            if (call === 2) queueMicrotask(() => controller.abort(reason));
            return found(job({ progressPercent: call }));
        });
        const error = await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, signal: controller.signal }));
        expect(error).toBe(reason);
        expect(source.lookupsAt).toHaveLength(2);
    });

    it("rejects with the signal's reason when the lookup fails because of the abort", async () => {
        const controller = new AbortController();
        const reason = new Error("stop");
        const { deps } = setup(() => {
            controller.abort(reason);
            return new OtcNetworkError("GET", "/v3/p/jobs", "ECONNRESET", new Error("aborted"));
        });
        expect(await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, signal: controller.signal }))).toBe(reason);
    });

    it("rejects at once with the reason of an already aborted signal", async () => {
        const reason = new Error("already");
        const { source, deps } = setup(() => found(job()));
        expect(await rejectionOf(waitForJobWith(deps, { jobId: JOB_ID, signal: AbortSignal.abort(reason) }))).toBe(reason);
        expect(source.lookupsAt).toHaveLength(0);
    });

    it("tells the policy the job name and a start in the past when resuming an older job", async () => {
        const seen: PollContext[] = [];
        const { deps } = setup(
            (_elapsed, call) =>
                call < 3
                    ? found(job({ created: new Date(START_MS - 30 * 60_000), progressPercent: 40 }))
                    : found(job({ status: "Completed", rawStatus: "Completed" })),
            fixedPolicy(1_000, seen),
        );
        await waitForJobWith(deps, { jobId: JOB_ID });
        expect(seen[0]!.jobName).toBeUndefined();
        expect(seen[0]!.deadlineMs).toBe(60 * 60_000);
        expect(seen[1]!.jobName).toBe("CreateGaussDBV5Instance");
        expect(seen[1]!.jobStartMs).toBe(-30 * 60_000); // created 30 min before the wait started
    });

    it("passes jobName and jobStartedAt from the options to the first poll", async () => {
        const seen: PollContext[] = [];
        const { deps } = setup(() => found(job({ status: "Completed", rawStatus: "Completed" })), fixedPolicy(1_000, seen));
        await waitForJobWith(deps, {
            jobId: JOB_ID,
            jobName: "DeleteGaussDBV5Instance",
            jobStartedAt: new Date(START_MS - 5_000),
            timeoutMs: 120_000,
        });
        expect(seen[0]).toMatchObject({ jobName: "DeleteGaussDBV5Instance", jobStartMs: -5_000, deadlineMs: 120_000, nowMs: 0 });
    });

    it("trusts OTC's creation time over a jobStartedAt taken minutes before the job existed", async () => {
        const seen: PollContext[] = [];
        const { deps } = setup(
            (_elapsed, call) =>
                call < 3
                    ? found(job({ created: new Date(START_MS + 1_000), progressPercent: 10 }))
                    : found(job({ status: "Completed", rawStatus: "Completed" })),
            fixedPolicy(1_000, seen),
        );
        // The request queued (or waited for a busy instance) for 5 minutes before OTC created the job.
        await waitForJobWith(deps, { jobId: JOB_ID, jobStartedAt: new Date(START_MS - 5 * 60_000) });
        expect(seen[0]!.jobStartMs).toBe(-5 * 60_000);
        expect(seen[1]!.jobStartMs).toBe(0);
        // Within the clock-skew threshold the caller's claim stands.
        const near: PollContext[] = [];
        const again = setup(
            (_elapsed, call) =>
                call < 3 ? found(job({ created: new Date(START_MS), progressPercent: 10 })) : found(job({ status: "Completed", rawStatus: "Completed" })),
            fixedPolicy(1_000, near),
        );
        await waitForJobWith(again.deps, { jobId: JOB_ID, jobStartedAt: new Date(START_MS - 20_000) });
        expect(near[1]!.jobStartMs).toBe(-20_000);
    });

    it("works with the real default policy for a job without progress", async () => {
        const { clock, deps } = setup((elapsed) =>
            elapsed < 3 * 60_000 ? found(job({ name: "DeleteGaussDBV5Instance" })) : found(job({ status: "Completed", rawStatus: "Completed" })),
            defaultPollPolicy,
        );
        const result = await waitForJobWith(deps, { jobId: JOB_ID });
        expect(result.status).toBe("Completed");
        expect(clock.elapsed).toBeGreaterThanOrEqual(3 * 60_000);
    });

    it("hands the learned duration of the job's name to the policy, once the name is known", async () => {
        const seen: PollContext[] = [];
        const prior = { samples: 12, lowMs: 60_000, medianMs: 90_000, highMs: 150_000 };
        const asked: string[] = [];
        const { deps } = setup((elapsed) => found(job(elapsed < 5_000 ? {} : { status: "Completed", rawStatus: "Completed" })), fixedPolicy(2_000, seen));
        deps.durationPriors = {
            priorFor: (name) => {
                asked.push(name);
                return name === "CreateGaussDBV5Instance" ? prior : undefined;
            },
        };
        await waitForJobWith(deps, { jobId: JOB_ID });
        // Before the first answer nobody knows the name; from then on the prior goes with every context.
        expect(seen[0]!.durationPrior).toBeUndefined();
        expect(seen.slice(1).map((c) => c.durationPrior)).toEqual(seen.slice(1).map(() => prior));
        expect(new Set(asked)).toEqual(new Set(["CreateGaussDBV5Instance"]));
    });

    it("tells the source the job's creation time: the one OTC reported, else when the caller says it was submitted", async () => {
        const resumed = setup(linearJob(6_000), fixedPolicy(2_000));
        await waitForJobWith(resumed.deps, { jobId: JOB_ID, jobStartedAt: new Date(START_MS - 3 * 3_600_000) });
        expect(resumed.source.options[0]!.createdAtMs).toBe(START_MS - 3 * 3_600_000);
        expect(resumed.source.options.slice(1).map((o) => o.createdAtMs)).toEqual(resumed.source.options.slice(1).map(() => START_MS));

        const fresh = setup(linearJob(6_000), fixedPolicy(2_000));
        await waitForJobWith(fresh.deps, { jobId: JOB_ID });
        expect(fresh.source.options[0]!.createdAtMs).toBeUndefined();
        expect(fresh.source.options.slice(1).map((o) => o.createdAtMs)).toEqual(fresh.source.options.slice(1).map(() => START_MS));
    });

    it("reports in every event how the lookups were answered: the source's account, else one call per lookup", async () => {
        const plain = setup(linearJob(6_000), fixedPolicy(2_000));
        await waitForJobWith(plain.deps, { jobId: JOB_ID, onProgress: plain.onProgress });
        expect(plain.events.map((e) => e.calls)).toEqual(
            plain.events.map((_, i) => ({ lookups: i + 1, ownCalls: i + 1, sharedAnswers: 0, cachedAnswers: 0 })),
        );

        const counted = setup(linearJob(6_000), fixedPolicy(2_000));
        const account = { lookups: 9, ownCalls: 1, sharedAnswers: 6, cachedAnswers: 2 };
        (counted.source as JobStatusSource).statsFor = () => account;
        await waitForJobWith(counted.deps, { jobId: JOB_ID, onProgress: counted.onProgress });
        expect(counted.events.at(-1)!.calls).toEqual(account);
    });
});

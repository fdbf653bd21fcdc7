import { performance } from "node:perf_hooks";
import type { OtcCredentials } from "../../provider/client/credentials";
import { OtcApiError } from "../../provider/client/otc-api-error";
import { JobFailedError, JobNotFoundError, JobTimeoutError } from "../../provider/jobs/job-errors";
import type { JobProgressEvent } from "../../provider/jobs/job-waiter";
import { createPollPolicy } from "../../provider/jobs/poll-policy";
import { waitForJob, type WaitForJobOptions } from "../../provider/jobs/wait-for-job";
import {
    type FaultRule,
    type RunningSimulator,
    SIMULATOR_CREDENTIALS,
    SIMULATOR_PROJECT_ID,
    SIMULATOR_TOKEN,
    startSimulator,
} from "../../provider/simulator";
import { submitCreateJob } from "../helpers/submit-create-job";

// waitForJob end to end: the real simulator over real HTTP on loopback, the real client, coalescing source, rate
// limiter and waiter. Jobs are sped up by the simulator's time scale (or given a real duration by a fault); the
// waiter gets a fast poll policy so that nothing here waits for seconds unless the behaviour under test is a wait.

jest.setTimeout(30_000);

const TIME_SCALE = 3_000; // a create takes 12 min / 3000 = 240 ms
const FAST_POLLS = createPollPolicy({ firstPollMs: 50, minDelayMs: 25, maxDelayMs: 150, backoffBaseMs: 25, endMarginMs: 10 });

let sim: RunningSimulator;
/** Every OTC request the simulator answered, in order, with the time its answer was sent. */
let answered: { atMs: number; method: string; path: string; status: string }[] = [];

beforeAll(async () => {
    sim = await startSimulator({
        timeScale: TIME_SCALE,
        log: (line) => {
            const [method = "", path = "", status = ""] = line.split(" ");
            answered.push({ atMs: performance.now(), method, path, status });
        },
    });
});

afterAll(async () => {
    await sim.close();
});

afterEach(() => {
    sim.clearFaults();
});

let projectCounter = 0;
/** A project of its own per test: its own state in the simulator and its own client (and coalescing source) here. */
function freshProject(): string {
    projectCounter++;
    return `${SIMULATOR_PROJECT_ID.slice(0, 20)}wfj${projectCounter}${Date.now().toString(36)}`;
}

function createJob(projectId: string, instanceName: string, credentials: OtcCredentials = SIMULATOR_CREDENTIALS) {
    return submitCreateJob(sim.url, projectId, instanceName, credentials);
}

function wait(options: Partial<WaitForJobOptions> & Pick<WaitForJobOptions, "projectId" | "jobId">) {
    return waitForJob({
        endpoint: sim.url,
        credentials: SIMULATOR_CREDENTIALS,
        pollPolicy: FAST_POLLS,
        maxRequestsPerSecond: 500,
        timeoutMs: 20_000,
        ...options,
    });
}

/** A job fault for the next create of this instance only. */
function jobFault(instanceName: string, action: FaultRule["action"]): void {
    sim.addFault({ match: { method: "POST", instanceName: `^${instanceName}$` }, times: 1, action });
}

function jobsRouteFault(action: FaultRule["action"], times: number): void {
    sim.addFault({ match: { method: "GET", path: "/jobs$" }, times, action });
}

const requestsTo = (route: string) => sim.stats().requests[route] ?? 0;
const JOBS = "GET /v3/{pid}/jobs";
const TASKS = "GET /v3/{pid}/tasks";

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error("expected the wait to reject, but it resolved");
}

describe("waitForJob against the simulator", () => {
    it("resolves with the completed job (AK/SK), reporting progress on the way", async () => {
        const projectId = freshProject();
        const { jobId, instanceId, instanceName } = await createJob(projectId, "wfj-plain");
        jobFault("never-used", { type: "job-duration", ms: 1 }); // a rule for another instance must not interfere
        const events: JobProgressEvent[] = [];
        const job = await wait({ projectId, jobId, onProgress: (e) => events.push(e) });

        expect(job).toMatchObject({ id: jobId, name: "CreateGaussDBV5Instance", status: "Completed", instance: { id: instanceId, name: instanceName } });
        expect(job.ended).toBeInstanceOf(Date);
        expect(events.at(-1)).toMatchObject({ status: "Completed", jobId });
        expect(events.map((e) => e.polls)).toEqual(events.map((_, i) => i + 1));
    });

    it("resolves with an IAM token ({ token })", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-token", { token: SIMULATOR_TOKEN });
        const job = await wait({ projectId, jobId, credentials: { token: SIMULATOR_TOKEN } });
        expect(job).toMatchObject({ id: jobId, status: "Completed" });
    });

    it("reports progress percentages of a longer job, never going backwards", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-progress");
        // The create already happened; stretch the next one instead.
        const slow = await (async () => {
            jobFault("wfj-progress-2", { type: "job-duration", ms: 1_500 });
            return createJob(projectId, "wfj-progress-2");
        })();
        const events: JobProgressEvent[] = [];
        await wait({ projectId, jobId: slow.jobId, onProgress: (e) => events.push(e) });
        const percents = events.map((e) => e.progressPercent).filter((p): p is number => p !== undefined);
        expect(percents.length).toBeGreaterThan(1);
        expect([...percents].sort((a, b) => a - b)).toEqual(percents);
        expect(percents.every((p) => p >= 1 && p <= 99)).toBe(true);
        await wait({ projectId, jobId });
    });

    it("completes through 5xx answers on the jobs route", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-5xx");
        const fired = sim.stats().faultsFired;
        jobsRouteFault({ type: "http-error", status: 503, errorCode: "SYS.0503", errorMsg: "Service unavailable" }, 2);
        const job = await wait({ projectId, jobId });
        expect(job.status).toBe("Completed");
        expect(sim.stats().faultsFired - fired).toBe(2);
    });

    it("completes through a 429 and sends nothing to the jobs route before its Retry-After has passed", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-429");
        jobsRouteFault({ type: "http-error", status: 429, errorCode: "APIGW.0308", errorMsg: "throttled", retryAfterSeconds: 1 }, 1);
        answered = [];
        const job = await wait({ projectId, jobId });
        expect(job.status).toBe("Completed");

        const jobsAnswers = answered.filter((a) => a.path.endsWith("/jobs"));
        const throttledAt = jobsAnswers.findIndex((a) => a.status === "429");
        expect(throttledAt).toBeGreaterThanOrEqual(0);
        const next = jobsAnswers[throttledAt + 1];
        expect(next).toBeDefined();
        expect(next!.atMs - jobsAnswers[throttledAt]!.atMs).toBeGreaterThanOrEqual(1_000);
    });

    it("completes through a connection reset", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-reset");
        const fired = sim.stats().faultsFired;
        jobsRouteFault({ type: "reset" }, 1);
        expect((await wait({ projectId, jobId })).status).toBe("Completed");
        expect(sim.stats().faultsFired - fired).toBe(1);
    });

    it("completes through a truncated JSON answer", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-truncate");
        const fired = sim.stats().faultsFired;
        jobsRouteFault({ type: "truncate" }, 1);
        expect((await wait({ projectId, jobId })).status).toBe("Completed");
        expect(sim.stats().faultsFired - fired).toBe(1);
    });

    it("waits through DBS.200543 while the fresh job is unknown, then follows it to the end", async () => {
        const projectId = freshProject();
        jobFault("wfj-unknown", { type: "job-unknown", forMs: 800 });
        const { jobId } = await createJob(projectId, "wfj-unknown");
        const events: JobProgressEvent[] = [];
        const job = await wait({ projectId, jobId, unknownJobGraceMs: 10_000, onProgress: (e) => events.push(e) });
        expect(job.status).toBe("Completed");
        expect(events[0]).toMatchObject({ status: "Unknown", job: undefined });
        expect(events[0]!.error).toContain("DBS.200543");
        expect(events.some((e) => e.status !== "Unknown")).toBe(true);
    });

    it("rejects a Failed job with JobFailedError: fail_reason verbatim first, then job id, job name and instance", async () => {
        const projectId = freshProject();
        const failReason = "The ECS flavor s3.xlarge.2 is sold out in eu-de-02. (Ecs.0010, request 4f1c…)";
        jobFault("wfj-failed", { type: "job-fail", failReason, atPercent: 40 });
        const { jobId, instanceId } = await createJob(projectId, "wfj-failed");
        const error = await rejectionOf(wait({ projectId, jobId }));

        expect(error).toBeInstanceOf(JobFailedError);
        const failed = error as JobFailedError;
        expect(failed.failReason).toBe(failReason);
        expect(failed.message.startsWith(failReason)).toBe(true);
        expect(failed.message).toContain(jobId);
        expect(failed.message).toContain("CreateGaussDBV5Instance");
        expect(failed.message).toContain("wfj-failed");
        expect(failed.message).toContain(instanceId);
        expect(failed.job.status).toBe("Failed");
    });

    it("rejects with JobTimeoutError at the deadline, naming the job and its last progress", async () => {
        const projectId = freshProject();
        jobFault("wfj-slow", { type: "job-duration", ms: 20_000 });
        const { jobId } = await createJob(projectId, "wfj-slow");
        const error = await rejectionOf(wait({ projectId, jobId, timeoutMs: 800 }));

        expect(error).toBeInstanceOf(JobTimeoutError);
        const timeout = error as JobTimeoutError;
        expect(timeout.jobId).toBe(jobId);
        expect(timeout.jobName).toBe("CreateGaussDBV5Instance");
        expect(timeout.waitedMs).toBeGreaterThanOrEqual(800);
        // About 800 ms into a 20 s job: past the 3 % "Pending" share, so some progress was reported.
        expect(timeout.lastProgressPercent).toBeGreaterThanOrEqual(1);
        expect(timeout.message).toContain(jobId);
        expect(timeout.message).toContain("CreateGaussDBV5Instance");
        expect(timeout.message).toContain(`at ${timeout.lastProgressPercent}%`);
        expect(timeout.message).toContain(`otc-jobs wait ${jobId}`);
    });

    it("rejects with JobNotFoundError after the grace for an id the task center never knows", async () => {
        const projectId = freshProject();
        const jobId = "ff000000-0000-4000-8000-000000000000";
        const before = requestsTo(JOBS);
        const error = await rejectionOf(wait({ projectId, jobId, unknownJobGraceMs: 500 }));
        expect(error).toBeInstanceOf(JobNotFoundError);
        expect((error as JobNotFoundError).jobId).toBe(jobId);
        expect((error as Error).message).toContain(jobId);
        expect(requestsTo(JOBS) - before).toBeGreaterThan(1);
    });

    it("rejects at once with the 401 OtcApiError for a wrong secret key, after one request", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-badkey");
        const before = requestsTo(JOBS);
        const events: JobProgressEvent[] = [];
        const error = await rejectionOf(
            wait({
                projectId,
                jobId,
                timeoutMs: 60 * 60_000,
                credentials: { accessKey: SIMULATOR_CREDENTIALS.accessKey, secretKey: "wrong-secret-key-XYZ" },
                onProgress: (e) => events.push(e),
            }),
        );
        expect(error).toBeInstanceOf(OtcApiError);
        expect(error).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
        expect((error as Error).message).not.toContain("wrong-secret-key-XYZ");
        expect(requestsTo(JOBS) - before).toBe(1);
        expect(events).toHaveLength(0);
    });

    it("rejects at once with 401 for an unknown token", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-badtoken");
        const error = await rejectionOf(wait({ projectId, jobId, timeoutMs: 60 * 60_000, credentials: { token: "not-a-valid-token" } }));
        expect(error).toMatchObject({ name: "OtcApiError", status: 401 });
    });

    it("rejects with the signal's reason soon after an abort, and stops polling", async () => {
        const projectId = freshProject();
        jobFault("wfj-abort", { type: "job-duration", ms: 60_000 });
        const { jobId } = await createJob(projectId, "wfj-abort");
        const controller = new AbortController();
        const reason = new Error("deployment cancelled");
        let polls = 0;
        const waiting = wait({
            projectId,
            jobId,
            timeoutMs: 60_000,
            signal: controller.signal,
            onProgress: () => {
                polls++;
                if (polls === 2) controller.abort(reason);
            },
        });
        expect(await rejectionOf(waiting)).toBe(reason);
        const after = requestsTo(JOBS) + requestsTo(TASKS);
        await new Promise((r) => setTimeout(r, 400));
        expect(requestsTo(JOBS) + requestsTo(TASKS)).toBe(after);
    });

    it("rejects an aborted wait before a slow shared task-list answer arrives", async () => {
        const projectId = freshProject();
        jobFault("wfj-abort-a", { type: "job-duration", ms: 60_000 });
        jobFault("wfj-abort-b", { type: "job-duration", ms: 60_000 });
        const a = await createJob(projectId, "wfj-abort-a");
        const b = await createJob(projectId, "wfj-abort-b");
        sim.addFault({ match: { method: "GET", path: "/tasks$" }, times: 1, action: { type: "delay", ms: 2_500 } });
        const tasksBefore = requestsTo(TASKS);
        answered = [];
        const stopA = new AbortController();
        const stopB = new AbortController();
        const reason = new Error("cancelled while the task list is slow");
        const waitA = wait({ projectId, jobId: a.jobId, timeoutMs: 60_000, signal: stopA.signal });
        const waitB = wait({ projectId, jobId: b.jobId, timeoutMs: 60_000, signal: stopB.signal });
        try {
            while (requestsTo(TASKS) === tasksBefore) await new Promise((r) => setTimeout(r, 10));
            stopA.abort(reason);
            expect(await rejectionOf(waitA)).toBe(reason);
            // Settled while the task-list answer was still held by the simulator.
            expect(answered.filter((x) => x.path.endsWith("/tasks"))).toEqual([]);
        } finally {
            stopB.abort(new Error("cleanup"));
            await Promise.allSettled([waitA, waitB]);
        }
    });

    it("rejects with JobTimeoutError near the deadline even when the endpoint holds its answers", async () => {
        const projectId = freshProject();
        jobFault("wfj-held", { type: "job-duration", ms: 60_000 });
        const { jobId } = await createJob(projectId, "wfj-held");
        sim.addFault({ match: { method: "GET", path: "/jobs$" }, action: { type: "delay", ms: 3_000 } });
        answered = [];
        const error = await rejectionOf(wait({ projectId, jobId, timeoutMs: 800 }));
        expect(error).toBeInstanceOf(JobTimeoutError);
        // Rejected before the first held answer was sent.
        expect(answered.filter((x) => x.path.endsWith("/jobs"))).toEqual([]);
    });

    it("rejects at once with the reason of an already aborted signal, without a request", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "wfj-preaborted");
        const before = requestsTo(JOBS);
        const reason = new Error("never mind");
        expect(await rejectionOf(wait({ projectId, jobId, signal: AbortSignal.abort(reason) }))).toBe(reason);
        expect(requestsTo(JOBS)).toBe(before);
    });

    it("shares polls between concurrent waits on one endpoint and project through the task list", async () => {
        const projectId = freshProject();
        const n = 5;
        const jobs = [];
        for (let i = 0; i < n; i++) {
            jobFault(`wfj-many-${i}`, { type: "job-duration", ms: 1_200 + 100 * i });
            jobs.push(await createJob(projectId, `wfj-many-${i}`));
        }
        const jobsBefore = requestsTo(JOBS);
        const tasksBefore = requestsTo(TASKS);
        const polls = new Map<string, number>();
        const results = await Promise.all(
            jobs.map(({ jobId }) => wait({ projectId, jobId, onProgress: (e) => polls.set(jobId, e.polls) })),
        );
        expect(results.map((j) => j.status)).toEqual(Array(n).fill("Completed"));

        const lookups = [...polls.values()].reduce((a, b) => a + b, 0);
        const calls = requestsTo(JOBS) - jobsBefore + (requestsTo(TASKS) - tasksBefore);
        expect(requestsTo(TASKS) - tasksBefore).toBeGreaterThan(0);
        // N separate waits would have made one call per poll.
        expect(calls).toBeLessThan(lookups);
    });
});

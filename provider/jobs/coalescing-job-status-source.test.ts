import type { z } from "zod";
import { OtcApiError } from "../client/otc-api-error";
import type { OtcClient, OtcRequest, OtcResponse } from "../client/otc-client";
import { CoalescingJobStatusSource } from "./coalescing-job-status-source";

// The coalescing source alone, over a fake OtcClient that serves a scripted task center (and parses its answers
// with the schema it is given, as the real client does). The batch window is real but short.

const PROJECT = "0549b4a43100d4f32f51c01c2fe4acdb";

interface FakeJob {
    id: string;
    status: string;
    progress?: string;
    failReason?: string;
    createdMs: number;
    /** Left out of the task list (another page, or a list that lags behind). */
    hiddenFromList?: boolean;
    /** The single-job API answers DBS.200543. */
    unknown?: boolean;
}

class FakeTaskCenter {
    readonly requests: OtcRequest[] = [];
    readonly jobs = new Map<string, FakeJob>();
    failList: Error | undefined;
    /** Entries appended to every task-list page as they are (unknown kinds, broken entries). */
    rawExtras: unknown[] = [];
    /** Answers held until released, to test overlapping flushes. */
    hold: Promise<void> | undefined;

    add(...jobs: FakeJob[]): void {
        for (const j of jobs) this.jobs.set(j.id, j);
    }

    count(suffix: "/tasks" | "/jobs"): number {
        return this.requests.filter((r) => r.path.endsWith(suffix)).length;
    }

    readonly client = {
        projectPath: (suffix: string) => `/v3/${PROJECT}${suffix}`,
        call: async <T>(request: OtcRequest, schema: z.ZodType<T>): Promise<OtcResponse<T>> => {
            this.requests.push(request);
            if (this.hold) await this.hold;
            const body = this.answer(request);
            return { status: 200, body: schema.parse(body), requestId: undefined };
        },
    } as unknown as OtcClient;

    private answer(request: OtcRequest): unknown {
        const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
        if (request.path.endsWith("/tasks")) {
            if (this.failList) throw this.failList;
            const start = Number(request.query?.["start_time"] ?? 0);
            const end = Number(request.query?.["end_time"] ?? Number.MAX_SAFE_INTEGER);
            const offset = Number(request.query?.["offset"] ?? 0);
            const limit = Number(request.query?.["limit"] ?? 100);
            const all = [...this.jobs.values()].filter((j) => !j.hiddenFromList && j.createdMs >= start && j.createdMs <= end).sort((a, b) => b.createdMs - a.createdMs);
            const tasks = all.slice(offset, offset + limit).map((j) => ({
                job_id: j.id,
                name: "CreateGaussDBV5Instance",
                status: j.status,
                process: j.progress ?? null,
                fail_reason: j.failReason ?? null,
                created_at: when(j.createdMs),
                ended_at: null,
                instance_info: { instance_id: `inst-${j.id}`, instance_name: `name-${j.id}`, instance_status: "creating" },
            }));
            return { tasks: [...tasks, ...this.rawExtras], total_count: all.length + this.rawExtras.length };
        }
        const id = String(request.query?.["id"]);
        const j = this.jobs.get(id);
        if (!j || j.unknown) {
            throw new OtcApiError({ status: 400, method: "GET", path: request.path, errorCode: "DBS.200543", errorMsg: "The job does not exist." });
        }
        return {
            job: {
                id: j.id,
                name: "CreateGaussDBV5Instance",
                status: j.status,
                created: when(j.createdMs),
                progress: j.progress ?? "",
                instance: { id: `inst-${j.id}`, name: `name-${j.id}` },
                fail_reason: j.failReason ?? null,
            },
        };
    }
}

function setup(options: { batchWindowMs?: number; maxPages?: number; minListIntervalMs?: number; maxHoldMs?: number } = {}) {
    const center = new FakeTaskCenter();
    let ms = Date.UTC(2024, 5, 1, 12, 0, 0);
    const notices: string[] = [];
    const source = new CoalescingJobStatusSource(center.client, {
        batchWindowMs: options.batchWindowMs ?? 5,
        minListIntervalMs: options.minListIntervalMs ?? 0,
        maxHoldMs: options.maxHoldMs ?? 0,
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
        onNotice: (message) => notices.push(message),
        now: () => ms,
    });
    return {
        center,
        source,
        notices,
        nowMs: () => ms,
        advance: (by: number) => {
            ms += by;
        },
    };
}

const running = (id: string, createdMs: number, extra: Partial<FakeJob> = {}): FakeJob => ({ id, status: "Running", progress: "40%", createdMs, ...extra });

describe("CoalescingJobStatusSource", () => {
    it("asks the single-job API when only one job is tracked", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()));
        const lookup = await s.source.lookup("a");
        expect(lookup).toMatchObject({ kind: "found", job: { id: "a", status: "Running", progressPercent: 40 } });
        expect(s.center.count("/jobs")).toBe(1);
        expect(s.center.count("/tasks")).toBe(0);
        expect(s.source.calls).toEqual({ taskList: 0, single: 1 });
    });

    it("answers lookups arriving within the window with one task-list call", async () => {
        const s = setup({ batchWindowMs: 20 });
        const ids = ["a", "b", "c", "d", "e"];
        s.center.add(...ids.map((id, i) => running(id, s.nowMs() - i * 1000, { progress: `${10 + i}%` })));
        const lookups = await Promise.all(ids.map((id) => s.source.lookup(id)));

        expect(s.center.count("/tasks")).toBe(1);
        expect(s.center.count("/jobs")).toBe(0);
        for (const [i, lookup] of lookups.entries()) {
            expect(lookup).toMatchObject({ kind: "found", job: { id: ids[i], progressPercent: 10 + i, instance: { id: `inst-${ids[i]}` } } });
        }
        // The list starts before the oldest tracked job, with the skew margin.
        const list = s.center.requests[0]!;
        expect(list.query).toMatchObject({ start_time: s.nowMs() - 10 * 60_000, offset: 0, limit: 100 });
        // One read answers every waiter: it goes ahead of the requests queued at the rate limit.
        expect(list.priority).toBe("urgent");
    });

    it("falls back to the single-job API for a job the task list does not show", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs(), { hiddenFromList: true, progress: "70%" }));
        const [a, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(a).toMatchObject({ kind: "found", job: { id: "a" } });
        expect(b).toMatchObject({ kind: "found", job: { id: "b", progressPercent: 70 } });
        expect(s.center.count("/tasks")).toBe(1);
        expect(s.center.requests.filter((r) => r.path.endsWith("/jobs")).map((r) => r.query?.["id"])).toEqual(["b"]);
        // A single job's own poll waits its turn like any other request.
        expect(s.center.requests.find((r) => r.path.endsWith("/jobs"))!.priority).toBeUndefined();
    });

    it("reports a job neither API knows as unknown", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()));
        const [a, ghost] = await Promise.all([s.source.lookup("a"), s.source.lookup("ghost")]);
        expect(a.kind).toBe("found");
        expect(ghost).toEqual({ kind: "unknown" });
    });

    it("falls back to single lookups when the task list fails, and hands their errors to the waiter that asked", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        s.center.failList = new OtcApiError({ status: 500, method: "GET", path: "/tasks", errorCode: "SYS.500" });
        const [a, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(a.kind).toBe("found");
        expect(b.kind).toBe("found");
        expect(s.center.count("/jobs")).toBe(2);

        const denied = new OtcApiError({ status: 401, method: "GET", path: "/jobs", errorCode: "APIGW.0301" });
        s.center.failList = denied;
        const original = s.center.client.call.bind(s.center.client);
        (s.center.client as { call: unknown }).call = async (request: OtcRequest, schema: z.ZodType<unknown>) => {
            if (request.path.endsWith("/jobs")) throw denied;
            return original(request, schema);
        };
        const results = await Promise.allSettled([s.source.lookup("a"), s.source.lookup("b")]);
        expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
        for (const r of results) expect((r as PromiseRejectedResult).reason).toBe(denied);
    });

    it("reuses a recent task-list answer within maxStalenessMs, without a call, dated when it was fetched", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        const fetchedAt = s.nowMs();
        const callsBefore = s.center.requests.length;

        s.advance(3_000);
        const reused = await s.source.lookup("a", { maxStalenessMs: 5_000 });
        expect(reused).toEqual({ kind: "found", job: expect.objectContaining({ id: "a" }), observedAtMs: fetchedAt });
        expect(s.center.requests.length).toBe(callsBefore);

        const fresh = s.source.lookup("a", { maxStalenessMs: 2_000 });
        await expect(fresh).resolves.toMatchObject({ kind: "found", job: { id: "a" } });
        expect((await fresh as { observedAtMs?: number }).observedAtMs).toBeUndefined();
        expect(s.center.requests.length).toBeGreaterThan(callsBefore);

        // Default staleness is 0: a new call for anything older than now.
        s.advance(1);
        const before = s.center.requests.length;
        await s.source.lookup("b");
        expect(s.center.requests.length).toBeGreaterThan(before);
    });

    it("stops tracking a job that ended, so the remaining one goes back to the single-job API", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), { id: "b", status: "Completed", createdMs: s.nowMs() });
        const [, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(b).toMatchObject({ job: { status: "Completed" } });
        expect(s.center.count("/tasks")).toBe(1);

        s.advance(1_000);
        await s.source.lookup("a");
        expect(s.center.count("/tasks")).toBe(1);
        expect(s.center.count("/jobs")).toBe(1);
    });

    it("carries fail_reason from the task list verbatim", async () => {
        const s = setup();
        const reason = "An exception occurs when the ECS processes services.";
        s.center.add(running("a", s.nowMs()), { id: "b", status: "Failed", failReason: reason, createdMs: s.nowMs() });
        const [, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(b).toMatchObject({ kind: "found", job: { status: "Failed", failReason: reason } });
    });

    it("reads further task-list pages until every tracked job is found, up to maxPages", async () => {
        const s = setup({ maxPages: 2 });
        // 250 jobs, newest first: "old" is on page 3, "mid" on page 2.
        const now = s.nowMs();
        for (let i = 0; i < 250; i++) s.center.add(running(`j${i}`, now - i * 1000));
        const [mid, old] = await Promise.all([s.source.lookup("j150"), s.source.lookup("j249")]);
        expect(mid.kind).toBe("found");
        expect(old.kind).toBe("found");
        const pages = s.center.requests.filter((r) => r.path.endsWith("/tasks")).map((r) => r.query?.["offset"]);
        expect(pages).toEqual([0, 100]);
        expect(s.center.requests.filter((r) => r.path.endsWith("/jobs")).map((r) => r.query?.["id"])).toEqual(["j249"]);
    });

    it("forgets jobs nobody asked about for forgetAfterMs", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        s.advance(11 * 60_000);
        await s.source.lookup("a");
        // "b" was forgotten: "a" alone is tracked again, so the single-job API answers.
        expect(s.center.count("/tasks")).toBe(1);
        expect(s.center.count("/jobs")).toBe(1);
    });

    it("rejects a waiter whose signal aborted before its batch went out, with the signal's reason", async () => {
        const s = setup({ batchWindowMs: 20 });
        s.center.add(running("a", s.nowMs()));
        const controller = new AbortController();
        const pending = s.source.lookup("a", { signal: controller.signal });
        const reason = new Error("aborted by user");
        controller.abort(reason);
        await expect(pending).rejects.toBe(reason);
        expect(s.center.requests).toHaveLength(0);
    });

    it("rejects a waiter promptly when its signal aborts while a shared task-list call is in flight", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        let release = () => {};
        s.center.hold = new Promise<void>((resolve) => {
            release = resolve;
        });
        const controller = new AbortController();
        const reason = new Error("aborted by user");
        const a = s.source.lookup("a", { signal: controller.signal });
        const b = s.source.lookup("b");
        let settled: "resolved" | "rejected" | undefined;
        a.then(
            () => (settled = "resolved"),
            () => (settled = "rejected"),
        );
        await new Promise((r) => setTimeout(r, 30)); // the batch window passed: the task-list call is held
        expect(s.center.count("/tasks")).toBe(1);
        controller.abort(reason);
        await new Promise((r) => setTimeout(r, 30));
        try {
            expect(settled).toBe("rejected");
            await expect(a).rejects.toBe(reason);
        } finally {
            release();
            await Promise.allSettled([a, b]);
        }
    });

    it("skips task-list entries it cannot read and accepts unknown fields and statuses, without failing the page", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs(), { status: "Queued" }));
        s.center.rawExtras = [
            { name: "SomeFutureJob", status: "Running" }, // no job_id
            "not even an object",
            { job_id: "x", name: "Other", status: "Completed", brand_new_field: { nested: true }, process: 17 },
        ];
        const [a, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(a).toMatchObject({ kind: "found", job: { id: "a", progressPercent: 40 } });
        // A status this package does not know is still a running job.
        expect(b).toMatchObject({ kind: "found", job: { id: "b", status: "Running", rawStatus: "Queued" } });
        expect(s.center.count("/jobs")).toBe(0);
        expect(s.source.stats().skippedTasks).toBe(3);

        s.advance(1);
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(s.source.stats().skippedTasks).toBe(6);
        expect(s.notices.filter((n) => n.includes("cannot read"))).toHaveLength(1);
    });

    it("finds a job older than the process through the creation time its waiter passes in", async () => {
        const s = setup();
        const threeHoursAgo = s.nowMs() - 3 * 3_600_000;
        s.center.add(running("old", threeHoursAgo, { progress: "80%" }), running("new", s.nowMs()));
        const [old] = await Promise.all([
            s.source.lookup("old", { createdAtMs: threeHoursAgo }),
            s.source.lookup("new"),
        ]);
        expect(old).toMatchObject({ kind: "found", job: { id: "old", progressPercent: 80 } });
        expect(s.center.count("/jobs")).toBe(0);
        // Both times are this machine's (a hint, first sight): widened by the skew margin.
        expect(s.center.requests[0]!.query).toMatchObject({ start_time: threeHoursAgo - 10 * 60_000, end_time: s.nowMs() + 10 * 60_000 });
        // Once OTC's own creation times are known, a second of margin covers them.
        s.advance(1);
        await Promise.all([s.source.lookup("old", { createdAtMs: threeHoursAgo }), s.source.lookup("new")]);
        expect(s.center.requests[1]!.query).toMatchObject({ start_time: Math.floor(threeHoursAgo / 1000) * 1000 - 1_000 });
    });

    it("learns an old job's creation time from its first single answer, so the next shared read finds it", async () => {
        const s = setup();
        const yesterday = s.nowMs() - 24 * 3_600_000;
        s.center.add(running("old", yesterday), running("new", s.nowMs()));
        await Promise.all([s.source.lookup("old"), s.source.lookup("new")]);
        // Not in the first read's span: asked on its own, once, and said so.
        expect(s.center.requests.filter((r) => r.path.endsWith("/jobs")).map((r) => r.query?.["id"])).toEqual(["old"]);
        expect(s.source.stats().notListed).toBe(1);
        expect(s.notices.filter((n) => n.includes("did not show job old"))).toHaveLength(1);

        s.advance(1);
        await Promise.all([s.source.lookup("old"), s.source.lookup("new")]);
        expect(s.center.count("/jobs")).toBe(1);
        expect(s.source.stats().notListed).toBe(1);
    });

    it("says once that the task list fails, counts every failure, and answers through the single-job API", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        s.center.failList = new OtcApiError({ status: 500, method: "GET", path: "/tasks", errorCode: "SYS.500" });
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        s.advance(1);
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(s.source.stats()).toMatchObject({ listFailures: 2, singleCalls: 4, taskListCalls: 2 });
        expect(s.notices).toHaveLength(1);
        expect(s.notices[0]).toMatch(/task list could not be read.*polling each job on its own/);
    });

    it("counts per job how lookups were answered: own calls, shared reads, answers already in hand", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()));
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]); // one shared read
        s.advance(1_000);
        await s.source.lookup("a", { maxStalenessMs: 5_000 }); // the snapshot
        s.center.jobs.get("b")!.hiddenFromList = true;
        s.advance(1_000);
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]); // a shared, b on its own
        expect(s.source.statsFor("a")).toEqual({ lookups: 3, ownCalls: 0, sharedAnswers: 2, cachedAnswers: 1 });
        expect(s.source.statsFor("b")).toEqual({ lookups: 2, ownCalls: 1, sharedAnswers: 1, cachedAnswers: 0 });
        expect(s.source.statsFor("nobody")).toBeUndefined();
    });

    it("answers a batch smaller than the pages a read would take with single-job calls", async () => {
        const s = setup();
        const now = s.nowMs();
        for (let i = 0; i < 250; i++) s.center.add(running(`j${i}`, now - i * 1000));
        // The first read learns that the span holds 250 tasks: three pages.
        await Promise.all(["j0", "j1", "j2", "j3"].map((id) => s.source.lookup(id)));
        const listsBefore = s.center.count("/tasks");
        s.advance(1);
        await Promise.all([s.source.lookup("j0"), s.source.lookup("j1")]);
        expect(s.center.count("/tasks")).toBe(listsBefore);
        expect(s.center.count("/jobs")).toBe(2);
    });

    it("reads the task list once at a time and at most every minListIntervalMs; later lookups join the next read", async () => {
        const s = setup({ minListIntervalMs: 60 });
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()), running("c", s.nowMs()));
        let release = () => {};
        s.center.hold = new Promise<void>((resolve) => {
            release = resolve;
        });
        const first = Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        await new Promise((r) => setTimeout(r, 15)); // the first read is in flight, held
        s.advance(1);
        const later = Promise.all([s.source.lookup("a"), s.source.lookup("b"), s.source.lookup("c")]);
        await new Promise((r) => setTimeout(r, 80));
        expect(s.center.count("/tasks")).toBe(1); // no second read while the first is in flight
        s.center.hold = undefined;
        const releasedMs = Date.now();
        release();
        await first;
        await later;
        expect(s.center.count("/tasks")).toBe(2);
        expect(s.center.count("/jobs")).toBe(0);
        // The source's clock stands still, so the second read waited out the whole interval in real time.
        expect(Date.now() - releasedMs).toBeGreaterThanOrEqual(40);
    });

    it("holds a read up to maxHoldMs for enough lookups to share it, and goes at once when they are there", async () => {
        const s = setup({ maxHoldMs: 80 });
        const ids = ["a", "b", "c", "d", "e", "f"];
        s.center.add(...ids.map((id) => running(id, s.nowMs())));
        await Promise.all(ids.map((id) => s.source.lookup(id))); // all six tracked
        // Two lookups: not five per page, so they wait for company, then go together.
        s.advance(1);
        let startedMs = Date.now();
        await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect(Date.now() - startedMs).toBeGreaterThanOrEqual(60);
        expect(s.center.count("/tasks")).toBe(2);
        // Five at once fill the read: no hold.
        s.advance(1);
        startedMs = Date.now();
        await Promise.all(ids.slice(0, 5).map((id) => s.source.lookup(id)));
        expect(Date.now() - startedMs).toBeLessThan(60);
        expect(s.center.count("/tasks")).toBe(3);
    });

    it("lets a lookup join a read under way that covers its job, when the waiter accepts an answer that old", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs()), running("b", s.nowMs()), running("c", s.nowMs()));
        await Promise.all(["a", "b", "c"].map((id) => s.source.lookup(id))); // creation times now known
        const sharedBefore = s.source.statsFor("c")!.sharedAnswers;
        let release = () => {};
        s.center.hold = new Promise<void>((resolve) => {
            release = resolve;
        });
        s.advance(1_000);
        const first = Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        await new Promise((r) => setTimeout(r, 15)); // the read is under way, held
        s.advance(500);
        // c's last answer is 1.5 s old, too old; the read started 0.5 s ago: join it.
        const joined = s.source.lookup("c", { maxStalenessMs: 600 });
        const late = s.source.lookup("a", { maxStalenessMs: 100 }); // too old for this one: the next read
        s.center.hold = undefined;
        release();
        await first;
        await expect(joined).resolves.toMatchObject({ kind: "found", job: { id: "c" } });
        expect(s.center.count("/tasks")).toBe(2);
        await late;
        expect(s.center.count("/tasks")).toBe(3);
        expect(s.source.statsFor("c")).toMatchObject({ lookups: 2, sharedAnswers: sharedBefore + 1 });
    });

    it("counts and says it when a read shows none of the jobs it was made for", async () => {
        const s = setup();
        s.center.add(running("a", s.nowMs(), { hiddenFromList: true }), running("b", s.nowMs(), { hiddenFromList: true }));
        const [a, b] = await Promise.all([s.source.lookup("a"), s.source.lookup("b")]);
        expect([a.kind, b.kind]).toEqual(["found", "found"]);
        expect(s.source.stats()).toMatchObject({ taskListCalls: 1, singleCalls: 2, notListed: 2 });
        expect(s.notices).toHaveLength(1);
    });
});

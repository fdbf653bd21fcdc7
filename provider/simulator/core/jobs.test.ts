import { isJobVisible, jobEndMs, observeJob } from "./jobs";
import type { StoredJob } from "./model";
import { SimulatorRouter } from "./router";
import { OTC_ROUTES } from "./service-registry";
import { formatOtcTimestamp } from "./time";

function job(overrides: Partial<StoredJob> = {}): StoredJob {
    return {
        id: "j",
        name: "CreateGaussDBV5Instance",
        instanceId: "i",
        instanceName: "n",
        change: { kind: "create" },
        instanceStatusBefore: "BUILD",
        createdAtMs: 1_000_000,
        durationMs: 100_000,
        seq: 1,
        settled: false,
        ...overrides,
    };
}

describe("observeJob", () => {
    const at = (elapsedMs: number, j = job()) => observeJob(j, j.createdAtMs + elapsedMs);

    it("is Running from the start for a task center without Pending (openGauss documents none)", () => {
        expect(at(0)).toEqual({ status: "Running", percent: 1, endedAtMs: undefined, failReason: null });
    });

    it("is Pending for the job's pending share of the duration, without progress, where a service sets one", () => {
        const pending = job({ pendingShare: 0.03 });
        expect(at(0, pending)).toEqual({ status: "Pending", percent: undefined, endedAtMs: undefined, failReason: null });
        expect(at(2_999, pending).status).toBe("Pending");
        expect(at(3_000, pending)).toMatchObject({ status: "Running", percent: 3 });
    });

    it("reports floor(100 × elapsed / duration), clamped to 1..99, while Running", () => {
        expect(at(50_999).percent).toBe(50);
        expect(at(99_999).percent).toBe(99);
        expect(at(3_000, job({ durationMs: 10_000_000 })).percent).toBe(1);
        expect(at(400_000, job({ durationMs: 10_000_000 })).percent).toBe(4);
        expect(at(1_000, job({ durationMs: 10_000 }))).toMatchObject({ status: "Running", percent: 10 });
    });

    it("ends Completed at the full duration", () => {
        expect(at(100_000)).toEqual({ status: "Completed", percent: undefined, endedAtMs: 1_100_000, failReason: null });
    });

    it("ends Failed at the failure point, with the reason", () => {
        const failing = job({ failure: { atPercent: 40, reason: "boom" } });
        expect(jobEndMs(failing)).toBe(1_040_000);
        expect(at(39_999, failing)).toMatchObject({ status: "Running", percent: 39 });
        expect(at(40_000, failing)).toEqual({ status: "Failed", percent: undefined, endedAtMs: 1_040_000, failReason: "boom" });
    });

    it("hides progress for a job without progress, and the job itself while unknown", () => {
        expect(at(50_000, job({ noProgress: true }))).toMatchObject({ status: "Running", percent: undefined });
        const hidden = job({ unknownUntilMs: 1_005_000 });
        expect(isJobVisible(hidden, 1_004_999)).toBe(false);
        expect(isJobVisible(hidden, 1_005_000)).toBe(true);
        expect(isJobVisible(job(), 0)).toBe(true);
    });

    it("completes at once with a zero duration", () => {
        expect(at(0, job({ durationMs: 0 })).status).toBe("Completed");
    });
});

describe("formatOtcTimestamp", () => {
    it("formats like OTC: seconds and a colon-less offset", () => {
        expect(formatOtcTimestamp(Date.UTC(2021, 6, 12, 9, 22, 4, 999))).toBe("2021-07-12T09:22:04+0000");
    });
});

describe("SimulatorRouter", () => {
    const router = new SimulatorRouter(OTC_ROUTES);

    it("resolves templates, project and instance ids", () => {
        expect(router.resolve("PUT", "/v3/abc123/instances/xyzin14/flavor")).toMatchObject({
            kind: "found",
            key: "PUT /v3/{pid}/instances/{id}/flavor",
            projectId: "abc123",
            instanceId: "xyzin14",
        });
        expect(router.resolve("GET", "/v3/abc/jobs")).toMatchObject({ kind: "found", instanceId: undefined });
    });

    it("tells a wrong method from an unknown path", () => {
        expect(router.resolve("GET", "/v3/abc/instances/x")).toEqual({
            kind: "method-not-allowed",
            key: "GET /v3/{pid}/instances/{id}",
            allowed: ["DELETE"],
        });
        expect(router.resolve("GET", "/v3/not-alnum/jobs")).toEqual({ kind: "not-found", key: "GET (no route)" });
        expect(router.resolve("GET", "/v3/abc/jobs/")).toMatchObject({ kind: "not-found" });
    });
});

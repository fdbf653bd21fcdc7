import type { z } from "zod";
import type { OtcClient, OtcRequest, OtcResponse } from "../client/otc-client";
import { OtcApiError } from "../client/otc-api-error";
import { durationPriorFrom, MIN_PRIOR_SAMPLES } from "./duration-prior";
import { DurationHistory } from "./duration-history";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

function fakeClient(tasks: unknown[] | Error) {
    const requests: OtcRequest[] = [];
    const client = {
        projectPath: (suffix: string) => `/v3/p${suffix}`,
        call: async <T>(request: OtcRequest, schema: z.ZodType<T>): Promise<OtcResponse<T>> => {
            requests.push(request);
            if (tasks instanceof Error) throw tasks;
            return { status: 200, body: schema.parse({ tasks, total_count: tasks.length }), requestId: undefined };
        },
    } as unknown as OtcClient;
    return { client, requests };
}

const completed = (name: string, createdMs: number, durationMs: number) => ({
    job_id: `${name}-${createdMs}`,
    name,
    status: "Completed",
    process: null,
    created_at: when(createdMs),
    ended_at: when(createdMs + durationMs),
});

describe("durationPriorFrom", () => {
    it("takes the 10th, 50th and 90th percentiles, interpolated", () => {
        expect(durationPriorFrom([50, 10, 30, 20, 40])).toEqual({ samples: 5, lowMs: 14, medianMs: 30, highMs: 46 });
    });

    it("says nothing below MIN_PRIOR_SAMPLES readable durations", () => {
        expect(durationPriorFrom([10, Number.NaN, -5, 20])).toBeUndefined();
        expect(MIN_PRIOR_SAMPLES).toBe(3);
    });
});

describe("DurationHistory", () => {
    it("learns a name's durations from created_at → ended_at of its completed tasks, with one call per name", async () => {
        const { client, requests } = fakeClient([
            completed("CreateGaussDBV5Instance", NOW - 5 * 86_400_000, 20 * 60_000),
            completed("CreateGaussDBV5Instance", NOW - 4 * 86_400_000, 25 * 60_000),
            completed("CreateGaussDBV5Instance", NOW - 3 * 86_400_000, 30 * 60_000),
            { ...completed("CreateGaussDBV5Instance", NOW - 2 * 86_400_000, 99 * 60_000), status: "Failed" },
            completed("DeleteGaussDBV5Instance", NOW - 86_400_000, 60_000), // another name: not counted
            { job_id: "broken" }, // unreadable: skipped
        ]);
        const history = new DurationHistory(client, { now: () => NOW });
        expect(history.priorFor("CreateGaussDBV5Instance")).toBeUndefined(); // the call is under way
        await Promise.resolve();
        await new Promise((r) => setImmediate(r));
        expect(history.priorFor("CreateGaussDBV5Instance")).toEqual({
            samples: 3,
            lowMs: 21 * 60_000,
            medianMs: 25 * 60_000,
            highMs: 29 * 60_000,
        });
        expect(requests).toHaveLength(1);
        expect(requests[0]!.query).toMatchObject({
            name: "CreateGaussDBV5Instance",
            status: "Completed",
            start_time: NOW - 30 * 86_400_000,
            limit: 100,
        });
        history.priorFor("CreateGaussDBV5Instance");
        expect(requests).toHaveLength(1);
        expect(history.calls).toEqual({ taskList: 1, failures: 0 });
    });

    it("keeps the built-in guesses when the history cannot be read, and says so once", async () => {
        const { client } = fakeClient(new OtcApiError({ status: 403, method: "GET", path: "/tasks", errorCode: "DBS.0001" }));
        const notices: string[] = [];
        const history = new DurationHistory(client, { now: () => NOW, onNotice: (m) => notices.push(m) });
        expect(await history.learn("CreateGaussDBV5Instance")).toBeUndefined();
        expect(await history.learn("DeleteGaussDBV5Instance")).toBeUndefined();
        expect(history.priorFor("CreateGaussDBV5Instance")).toBeUndefined();
        expect(history.calls.failures).toBe(2);
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(/could not be read.*built-in guesses/);
    });
});

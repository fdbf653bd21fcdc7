import { OtcApiError } from "../../client/otc-api-error";
import { InstanceBusyError, submitWhenIdle } from "./wait-while-busy";

// submitWhenIdle alone, on a virtual clock whose sleep moves time.

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

const busy = (code: string | undefined = "DBS.200019", msg = "Another operation is being performed on the DB instance.") =>
    new OtcApiError({ status: 409, method: "PUT", path: "/v3/p/instances/i/flavor", errorCode: code, errorMsg: msg });

function setup(random = 0.5) {
    let ms = T0;
    const sleeps: number[] = [];
    const busyCalls: [number, number][] = [];
    return {
        sleeps,
        busyCalls,
        get elapsed() {
            return ms - T0;
        },
        options: (deadlineInMs: number, signal?: AbortSignal) => ({
            deadlineMs: T0 + deadlineInMs,
            now: () => ms,
            random: () => random,
            sleep: async (wait: number, s?: AbortSignal) => {
                s?.throwIfAborted();
                sleeps.push(wait);
                ms += wait;
            },
            onBusy: (waitedMs: number, nextTryInMs: number) => busyCalls.push([waitedMs, nextTryInMs]),
            ...(signal ? { signal } : {}),
        }),
    };
}

/** A submit that answers busy `times` times, then `result`. */
function busyFor(times: number, error: () => Error = () => busy()) {
    let calls = 0;
    const submit = async () => {
        calls++;
        if (calls <= times) throw error();
        return { jobId: "job-after-busy" };
    };
    return { submit, calls: () => calls };
}

describe("submitWhenIdle", () => {
    it("submits once when the instance is idle", async () => {
        const s = setup();
        const { submit, calls } = busyFor(0);
        await expect(submitWhenIdle(submit, s.options(60_000))).resolves.toEqual({ jobId: "job-after-busy" });
        expect(calls()).toBe(1);
        expect(s.sleeps).toEqual([]);
    });

    it("retries while OTC answers 409 busy, with capped exponential backoff and jitter (5 s to 60 s)", async () => {
        const s = setup(0.5);
        const { submit, calls } = busyFor(6);
        await expect(submitWhenIdle(submit, s.options(60 * 60_000))).resolves.toEqual({ jobId: "job-after-busy" });
        expect(calls()).toBe(7);
        // cap/2 + random·cap/2 with random 0.5: 3/4 of 5, 10, 20, 40, 60, 60 s.
        expect(s.sleeps).toEqual([3_750, 7_500, 15_000, 30_000, 45_000, 45_000]);
        expect(s.busyCalls[0]).toEqual([0, 3_750]);
        expect(s.busyCalls[1]).toEqual([3_750, 7_500]);
    });

    it("keeps every delay between half the cap and the cap", async () => {
        for (const random of [0, 0.999]) {
            const s = setup(random);
            await submitWhenIdle(busyFor(6).submit, s.options(60 * 60_000));
            const caps = [5_000, 10_000, 20_000, 40_000, 60_000, 60_000];
            s.sleeps.forEach((sleep, i) => {
                expect(sleep).toBeGreaterThanOrEqual(caps[i]! / 2);
                expect(sleep).toBeLessThanOrEqual(caps[i]!);
            });
        }
    });

    it.each([
        ["DBS.200011", undefined],
        ["DBS.200047", undefined],
        ["DBS.201202", undefined],
        ["DBS.212006", undefined],
        [undefined, undefined],
        ["DBS.999999", "Another operation is in progress"],
    ])("recognises 409 %s %s as busy", async (code, msg) => {
        const s = setup();
        const { submit, calls } = busyFor(1, () => busy(code, msg ?? "x"));
        await submitWhenIdle(submit, s.options(60_000));
        expect(calls()).toBe(2);
    });

    it("passes any other error on at once", async () => {
        const s = setup();
        const conflict = new OtcApiError({ status: 409, method: "POST", path: "/x", errorCode: "DBS.200022", errorMsg: "The DB instance name already exists." });
        const { submit, calls } = busyFor(1, () => conflict);
        await expect(submitWhenIdle(submit, s.options(60_000))).rejects.toBe(conflict);
        expect(calls()).toBe(1);
        const server = new OtcApiError({ status: 500, method: "POST", path: "/x" });
        await expect(submitWhenIdle(busyFor(1, () => server).submit, s.options(60_000))).rejects.toBe(server);
    });

    it("never sleeps past the deadline, tries once more at it, then throws InstanceBusyError with the 409 as cause", async () => {
        const s = setup(0.5);
        const { submit, calls } = busyFor(1_000);
        const error = await submitWhenIdle(submit, s.options(20_000)).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InstanceBusyError);
        expect(s.elapsed).toBe(20_000);
        expect(s.sleeps).toEqual([3_750, 7_500, 20_000 - 3_750 - 7_500]);
        expect(calls()).toBe(4);
        const busyError = error as InstanceBusyError;
        expect(busyError.cause).toBeInstanceOf(OtcApiError);
        expect(busyError.message).toContain("20s");
        expect(busyError.message).toContain("DBS.200019");
    });

    it("throws InstanceBusyError at the first busy answer when the deadline already passed", async () => {
        const s = setup();
        const { submit, calls } = busyFor(1);
        await expect(submitWhenIdle(submit, s.options(-1))).rejects.toBeInstanceOf(InstanceBusyError);
        expect(calls()).toBe(1);
    });

    it("stops with the signal's reason when aborted while waiting", async () => {
        const s = setup();
        const reason = new Error("cancelled");
        const { submit, calls } = busyFor(10);
        await expect(submitWhenIdle(submit, s.options(60 * 60_000, AbortSignal.abort(reason)))).rejects.toBe(reason);
        expect(calls()).toBe(1);
    });
});

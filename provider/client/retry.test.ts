import { retry } from "./retry";

// A sleep that records the backoffs instead of waiting them.
function recordingSleep() {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

test("retries retryable failures with doubling, jittered, capped backoff", async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const result = await retry(
        async () => {
            calls++;
            if (calls < 5) throw new Error(`fail ${calls}`);
            return "ok";
        },
        { retries: 4, minDelayMs: 500, maxDelayMs: 3_000, shouldRetry: () => true, random: () => 0.5, sleep },
    );
    expect(result).toBe("ok");
    expect(delays).toEqual([750, 1_500, 3_000, 3_000]);
});

test("rethrows the last failure once the retries are used up, after telling onFailedAttempt", async () => {
    const { sleep } = recordingSleep();
    const seen: [number, number][] = [];
    let calls = 0;
    await expect(
        retry(async () => Promise.reject(new Error(`fail ${++calls}`)), {
            retries: 2,
            minDelayMs: 1,
            maxDelayMs: 1,
            shouldRetry: () => true,
            onFailedAttempt: ({ attemptNumber, retriesLeft }) => void seen.push([attemptNumber, retriesLeft]),
            sleep,
        }),
    ).rejects.toThrow("fail 3");
    expect(seen).toEqual([
        [1, 2],
        [2, 1],
        [3, 0],
    ]);
});

test("a failure that is not retryable is rethrown at once, untouched", async () => {
    const { delays, sleep } = recordingSleep();
    const original = { code: "not an Error" };
    await expect(retry(async () => Promise.reject(original), { retries: 4, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => false, sleep })).rejects.toBe(original);
    expect(delays).toEqual([]);
});

test("an aborted signal ends the loop with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    let calls = 0;
    await expect(
        retry(
            async () => {
                calls++;
                controller.abort(reason);
                throw new Error("transient");
            },
            { retries: 4, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true, signal: controller.signal },
        ),
    ).rejects.toBe(reason);
    expect(calls).toBe(1);
});

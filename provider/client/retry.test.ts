import { retry } from "./retry";

afterEach(() => {
    // In this order: the spy on setTimeout wraps the fake one, so it is removed before the real clock returns.
    jest.restoreAllMocks();
    jest.useRealTimers();
});

// Runs `promise` on jest's fake clock, recording every timer delay that p-retry schedules.
async function onFakeClock<T>(start: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; delays: number[] }> {
    jest.useFakeTimers();
    const delays: number[] = [];
    const realSetTimeout = setTimeout;
    jest.spyOn(global, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
        delays.push(ms ?? 0);
        return realSetTimeout(fn, ms);
    }) as typeof setTimeout);
    const settled = Promise.allSettled([start()]);
    await jest.runAllTimersAsync();
    const [result] = await settled;
    return { result: result!, delays };
}

test("retries retryable failures with doubling, jittered, capped backoff", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    let calls = 0;
    const { result, delays } = await onFakeClock(() =>
        retry(
            async () => {
                calls++;
                if (calls < 5) throw new Error(`fail ${calls}`);
                return "ok";
            },
            { retries: 4, minDelayMs: 500, maxDelayMs: 3_000, shouldRetry: () => true },
        ),
    );
    expect(result).toEqual({ status: "fulfilled", value: "ok" });
    // p-retry's first attempt runs at once (a 0 ms timer); then 500 × 2^(n-1) × 1.5, capped at 3 s.
    expect(delays.filter((ms) => ms > 0)).toEqual([750, 1_500, 3_000, 3_000]);
});

test("rethrows the last failure once the retries are used up, after telling onFailedAttempt", async () => {
    const seen: [number, number][] = [];
    let calls = 0;
    // Two failures with the same message and a third with another: p-retry alone would reject with the most
    // frequent one.
    await expect(
        retry(async () => Promise.reject(new Error(++calls < 3 ? "same" : "last")), {
            retries: 2,
            minDelayMs: 1,
            maxDelayMs: 1,
            shouldRetry: () => true,
            onFailedAttempt: ({ attemptNumber, retriesLeft }) => void seen.push([attemptNumber, retriesLeft]),
        }),
    ).rejects.toThrow("last");
    expect(seen).toEqual([
        [1, 2],
        [2, 1],
        [3, 0],
    ]);
});

test("a failure that is not retryable is rethrown at once, untouched, and so is a retryable non-Error", async () => {
    const original = { code: "not an Error" };
    let calls = 0;
    await expect(
        retry(async () => (calls++, Promise.reject(original)), { retries: 4, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => false }),
    ).rejects.toBe(original);
    expect(calls).toBe(1);

    const error = new Error("kept as thrown");
    await expect(retry(async () => Promise.reject(error), { retries: 1, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true })).rejects.toBe(error);
    expect(Object.keys(error)).toEqual([]);

    const thrownValue = "a string";
    await expect(retry(async () => Promise.reject(thrownValue), { retries: 1, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true })).rejects.toBe(thrownValue);
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

test("an abort during a backoff ends the call at once, and the pending retry sends nothing", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    let calls = 0;
    const started = Date.now();
    const call = retry(
        async () => {
            calls++;
            throw new Error("transient");
        },
        { retries: 4, minDelayMs: 200, maxDelayMs: 200, shouldRetry: () => true, signal: controller.signal },
    );
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(150);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);
});

test("a signal aborted before the call runs nothing", async () => {
    const controller = new AbortController();
    controller.abort(new Error("already"));
    const operation = jest.fn(async () => "ok");
    await expect(retry(operation, { retries: 1, minDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true, signal: controller.signal })).rejects.toThrow("already");
    expect(operation).not.toHaveBeenCalled();
});

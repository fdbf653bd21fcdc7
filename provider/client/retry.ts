import { abortableSleep, type Sleep } from "../util/abortable-sleep";

// A retry loop of our own instead of p-retry: p-retry is published as ESM only, and loading it from this
// CommonJS package needs `import()`, which throws inside a user's jest with default settings (jest's CommonJS
// runtime has no dynamic-import support without --experimental-vm-modules). The loop is small enough to own.

export interface FailedAttempt {
    error: unknown;
    /** 1 for the first attempt. */
    attemptNumber: number;
    /** Attempts still allowed after this one. */
    retriesLeft: number;
}

export interface RetryOptions {
    /** Retries after the first attempt. */
    retries: number;
    /** Backoff before the first retry; doubles per retry. */
    minDelayMs: number;
    /** Cap of one backoff, jitter included. */
    maxDelayMs: number;
    /** Whether a failure may be retried at all; others are rethrown at once. */
    shouldRetry: (error: unknown) => boolean;
    /** Awaited after every retryable failure, the last one included, before the backoff. */
    onFailedAttempt?: (failure: FailedAttempt) => void | Promise<void>;
    signal?: AbortSignal;
    /** For tests. */
    random?: () => number;
    sleep?: Sleep;
}

/**
 * Runs `operation` until it succeeds, a failure is not retryable, the retries are used up (the last failure
 * is rethrown) or `signal` aborts (its reason is thrown). Backoff: `minDelayMs * 2^(n-1)`, times a random
 * factor in [1, 2) so that many clients that failed together do not retry together, capped at `maxDelayMs`.
 */
export async function retry<T>(operation: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
    const random = options.random ?? Math.random;
    const sleep = options.sleep ?? abortableSleep;
    for (let attemptNumber = 1; ; attemptNumber++) {
        if (options.signal?.aborted) throw options.signal.reason;
        try {
            return await operation(attemptNumber);
        } catch (error) {
            if (options.signal?.aborted) throw options.signal.reason;
            if (!options.shouldRetry(error)) throw error;
            const retriesLeft = Math.max(0, options.retries + 1 - attemptNumber);
            await options.onFailedAttempt?.({ error, attemptNumber, retriesLeft });
            if (retriesLeft === 0) throw error;
            const backoff = options.minDelayMs * 2 ** (attemptNumber - 1) * (1 + random());
            await sleep(Math.min(Math.round(backoff), options.maxDelayMs), options.signal);
        }
    }
}

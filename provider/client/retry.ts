import pRetry = require("p-retry");

// p-retry 4 is the last CommonJS line of p-retry: 5 and later are ESM only, and a CommonJS package can load them
// only with `import()`, which throws inside a user's jest with default settings (jest's CommonJS runtime has no
// dynamic-import support without --experimental-vm-modules). Version 4 has no AbortSignal and rejects with the
// most frequent error rather than the last one, so this adapter adds what the client needs around it: an abort
// that ends a backoff at once, the last failure rethrown, and thrown values passed through untouched (p-retry
// would decorate them with counters or refuse values that are not Errors).

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
}

/** Carries one failure through p-retry, which would otherwise write its counters onto the caller's error. */
class AttemptFailure extends Error {
    constructor(readonly failure: unknown) {
        super("attempt failed");
    }
}

/**
 * Runs `operation` until it succeeds, a failure is not retryable, the retries are used up (the last failure
 * is rethrown) or `signal` aborts (its reason is thrown). Backoff (p-retry's): `minDelayMs * 2^(n-1)`, times a
 * random factor in [1, 2) so that many clients that failed together do not retry together, capped at `maxDelayMs`.
 */
export async function retry<T>(operation: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    const attempts = pRetry(
        async (attemptNumber) => {
            // An attempt that p-retry's timer starts after an abort sends nothing.
            if (signal?.aborted) throw new pRetry.AbortError(new AttemptFailure(signal.reason));
            try {
                return await operation(attemptNumber);
            } catch (error) {
                if (signal?.aborted) throw new pRetry.AbortError(new AttemptFailure(signal.reason));
                if (!options.shouldRetry(error)) throw new pRetry.AbortError(new AttemptFailure(error));
                throw new AttemptFailure(error);
            }
        },
        {
            retries: options.retries,
            factor: 2,
            minTimeout: options.minDelayMs,
            maxTimeout: options.maxDelayMs,
            randomize: true,
            // A backoff still pending when an abort settled the call must not keep the process alive.
            unref: true,
            onFailedAttempt: async (wrapped) => {
                const { failure } = wrapped as unknown as AttemptFailure & pRetry.FailedAttemptError;
                await options.onFailedAttempt?.({ error: failure, attemptNumber: wrapped.attemptNumber, retriesLeft: wrapped.retriesLeft });
                // Thrown from here, p-retry rejects with it: the last failure, not the most frequent one.
                if (wrapped.retriesLeft === 0) throw wrapped;
            },
        },
    );
    const unwrapped = attempts.catch((error: unknown) => {
        throw error instanceof AttemptFailure ? error.failure : error;
    });
    if (!signal) return unwrapped;
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        unwrapped.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
}

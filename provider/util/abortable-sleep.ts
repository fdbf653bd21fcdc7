/** Sleeps `ms`, rejecting with the signal's reason as soon as it aborts (unlike a bare setTimeout). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, Math.max(0, ms));
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
export type Clock = () => number;

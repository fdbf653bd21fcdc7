import { isInstanceBusy } from "../../client/otc-api-error";
import { abortableSleep, type Clock, type Sleep } from "../../util/abortable-sleep";
import { formatDuration } from "../../util/format-duration";

export interface WaitWhileBusyOptions {
    /** Wall-clock time (ms since epoch) after which the 409 is passed on. */
    deadlineMs: number;
    onBusy?: (waitedMs: number, nextTryInMs: number) => void;
    now?: Clock;
    sleep?: Sleep;
    random?: () => number;
    signal?: AbortSignal;
}

/** 409 "another operation is being performed" kept past the deadline. */
export class InstanceBusyError extends Error {
    override readonly name = "InstanceBusyError";
}

/**
 * Submits a mutation, and while OTC answers 409 because another job runs on the instance, waits (capped
 * exponential backoff with jitter, 5 s to 60 s) and submits again, until the deadline.
 */
export async function submitWhenIdle<T>(submit: () => Promise<T>, options: WaitWhileBusyOptions): Promise<T> {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? abortableSleep;
    const random = options.random ?? Math.random;
    const started = now();
    for (let attempt = 0; ; attempt++) {
        try {
            return await submit();
        } catch (error) {
            if (!isInstanceBusy(error)) throw error;
            const remaining = options.deadlineMs - now();
            if (remaining <= 0) {
                throw new InstanceBusyError(
                    `The instance stayed busy with another operation for ${formatDuration(now() - started)}, past the deadline: ` +
                        `${error instanceof Error ? error.message : String(error)}`,
                    { cause: error },
                );
            }
            const capMs = Math.min(60_000, 5_000 * 2 ** attempt);
            const delayMs = Math.min(remaining, capMs / 2 + (random() * capMs) / 2);
            options.onBusy?.(now() - started, delayMs);
            await sleep(delayMs, options.signal);
        }
    }
}

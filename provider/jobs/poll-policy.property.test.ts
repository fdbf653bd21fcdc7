import fc from "fast-check";
import { callBudget, defaultPollPolicy, type JobObservation, type PollContext } from "./poll-policy";

/**
 * Properties of the default policy over random answer traces (fast-check). Whatever the task center answers —
 * unknown ids, Pending, progress that jumps, falls, sits or is absent — the guards hold. Shrunk counterexamples
 * found while writing these are pinned as unit tests at the end.
 */

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 300_000;

const observation = fc.record({
    gapMs: fc.integer({ min: 1, max: 600_000 }),
    status: fc.constantFrom<JobObservation["status"]>("Running", "Running", "Running", "Pending", "Unknown"),
    progressPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
});

/** A history of answers at increasing times, and a "now" at or after the last one. */
const trace = fc
    .record({ answers: fc.array(observation, { maxLength: 30 }), sinceLastMs: fc.integer({ min: 0, max: 10_000 }) })
    .map(({ answers, sinceLastMs }) => {
        let atMs = 0;
        const history: JobObservation[] = answers.map((a) => {
            atMs += a.gapMs;
            return { atMs, status: a.status, ...(a.progressPercent === undefined ? {} : { progressPercent: a.progressPercent }) };
        });
        return { history, nowMs: atMs + sinceLastMs };
    });

const seededRandom = (seed: number) => {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
        return state / 2 ** 32;
    };
};

const context = fc
    .record({
        t: trace,
        deadlineAfterMs: fc.integer({ min: -10_000, max: 4 * 3_600_000 }),
        retryAfterMs: fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
        seed: fc.integer(),
    })
    .map(({ t, deadlineAfterMs, retryAfterMs, seed }) => ({
        ctx: {
            nowMs: t.nowMs,
            deadlineMs: t.nowMs + deadlineAfterMs,
            history: t.history,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
            random: seededRandom(seed),
        } satisfies PollContext,
        seed,
    }));

describe("the poll policy, over random answer traces", () => {
    it("never schedules past the deadline, except to honour Retry-After", () => {
        fc.assert(
            fc.property(context, ({ ctx }) => {
                const delayMs = defaultPollPolicy.nextDelayMs(ctx);
                expect(Number.isFinite(delayMs) && delayMs >= 0).toBe(true);
                const allowedMs = Math.max(0, ctx.deadlineMs - ctx.nowMs, ctx.retryAfterMs ?? 0);
                expect(delayMs).toBeLessThanOrEqual(allowedMs);
            }),
            { numRuns: 2_000 },
        );
    });

    it("always honours Retry-After", () => {
        fc.assert(
            fc.property(context, ({ ctx }) => {
                expect(defaultPollPolicy.nextDelayMs(ctx)).toBeGreaterThanOrEqual(ctx.retryAfterMs ?? 0);
            }),
            { numRuns: 2_000 },
        );
    });

    it("gives the same delay for the same context", () => {
        fc.assert(
            fc.property(context, ({ ctx, seed }) => {
                const again = { ...ctx, history: [...ctx.history], random: seededRandom(seed) };
                expect(defaultPollPolicy.nextDelayMs(again)).toBe(defaultPollPolicy.nextDelayMs({ ...ctx, random: seededRandom(seed) }));
            }),
            { numRuns: 1_000 },
        );
    });

    it("never waits longer than the time waited so far (or 1 s, or the 5 min cap) while the budget allows a call", () => {
        fc.assert(
            fc.property(context, ({ ctx }) => {
                const plain = { ...ctx, deadlineMs: ctx.nowMs + 10 * 3_600_000 };
                delete (plain as { retryAfterMs?: number }).retryAfterMs;
                // Error answers after a known job back off on purpose (a struggling API): not this property.
                const seen = plain.history.findIndex((h) => h.status !== "Unknown");
                const last = plain.history[plain.history.length - 1];
                fc.pre(seen < 0 || last?.status !== "Unknown");
                fc.pre(plain.history.length + 1 <= callBudget(0));
                const delayMs = defaultPollPolicy.nextDelayMs(plain);
                expect(delayMs).toBeLessThanOrEqual(Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, 2_000, plain.nowMs)));
            }),
            { numRuns: 2_000 },
        );
    });

    it("keeps every job within its call budget, whatever the answers", () => {
        fc.assert(
            fc.property(fc.array(observation, { minLength: 1, maxLength: 50 }), fc.integer(), (answers, seed) => {
                const random = seededRandom(seed);
                const history: JobObservation[] = [];
                const deadlineMs = 3 * 3_600_000;
                let nowMs = 0;
                for (let call = 1; call <= 400; call++) {
                    nowMs += defaultPollPolicy.nextDelayMs({ nowMs, deadlineMs, history, random });
                    if (nowMs >= deadlineMs) break;
                    expect(call).toBeLessThanOrEqual(callBudget(nowMs));
                    const a = answers[call % answers.length]!;
                    history.push({ atMs: nowMs, status: a.status, ...(a.progressPercent === undefined ? {} : { progressPercent: a.progressPercent }) });
                }
            }),
            { numRuns: 300 },
        );
    });

    it("without any progress, waits at most 26% of the time waited (10 s in the first minute, widening to 16 s at two)", () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 1, max: 600_000 }), { minLength: 1, maxLength: 19 }), fc.integer(), (gaps, seed) => {
                let atMs = 0;
                const history: JobObservation[] = gaps.map((g) => ({ atMs: (atMs += g), status: "Running" as const }));
                const delayMs = defaultPollPolicy.nextDelayMs({ nowMs: atMs, deadlineMs: 10 * 3_600_000, history, random: seededRandom(seed) });
                const youngCapMs = 10_000 + 0.1 * Math.max(0, atMs - 60_000);
                const capMs = atMs < 120_000 ? Math.min(youngCapMs, 0.26 * atMs) : 0.26 * atMs;
                expect(delayMs).toBeLessThanOrEqual(Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, capMs)));
            }),
            { numRuns: 1_000 },
        );
    });

    it("with learned durations, never waits longer than the time waited or half their 10th percentile", () => {
        const prior = fc
            .record({ lowMs: fc.integer({ min: 1_000, max: 3_600_000 }), spread: fc.double({ min: 1, max: 4, noNaN: true }) })
            .map(({ lowMs, spread }) => ({ samples: 20, lowMs, medianMs: lowMs * Math.sqrt(spread), highMs: lowMs * spread }));
        fc.assert(
            fc.property(context, prior, ({ ctx }, durationPrior) => {
                const plain = { ...ctx, deadlineMs: ctx.nowMs + 10 * 3_600_000, durationPrior };
                delete (plain as { retryAfterMs?: number }).retryAfterMs;
                const last = plain.history[plain.history.length - 1];
                fc.pre(plain.history.every((h) => h.status === "Unknown") || last?.status !== "Unknown");
                fc.pre(plain.history.length + 1 <= callBudget(0));
                const delayMs = defaultPollPolicy.nextDelayMs(plain);
                expect(delayMs).toBeLessThanOrEqual(Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, 2_000, plain.nowMs, 0.5 * durationPrior.lowMs)));
            }),
            { numRuns: 2_000 },
        );
    });
});

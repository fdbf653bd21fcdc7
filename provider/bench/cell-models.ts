import type { JobAnswer } from "./bench-workload";
import { coarseSteps } from "./progress-models";

/**
 * The progress models of the per-cell bench (cell-bench.ts): each a plausible way OTC's task center might
 * report one job, since its documents only say progress is "a string like 60%". A model turns a job's
 * duration and its own random stream into the answer at any instant, and may make the job fail part way.
 */
export interface CellModel {
    label: string;
    /** What is judged: progress (against the fixed poller), none (share of its duration), fails (from the failure). */
    kind: "progress" | "none" | "fails";
    /** Builds one job of `durationMs`: its answers while running, and when it fails (if it does). */
    build(durationMs: number, random: () => number): { answer: (atMs: number) => JobAnswer; failAtMs?: number };
}

const running = (p?: number): JobAnswer => (p === undefined ? { status: "Running" } : { status: "Running", progressPercent: p });
const clamp99 = (p: number): number => Math.min(99, Math.max(0, p));
const floorLinear = (t: number, d: number): number => clamp99(Math.floor((100 * t) / d));

export const CELL_MODELS: readonly CellModel[] = [
    { label: "linear", kind: "progress", build: (d) => ({ answer: (t) => running(floorLinear(t, d)) }) },
    { label: "rounded", kind: "progress", build: (d) => ({ answer: (t) => running(clamp99(Math.round((100 * t) / d))) }) },
    {
        label: "coarse uneven steps",
        kind: "progress",
        build: (d, random) => ({ answer: coarseSteps(d, random) }),
    },
    {
        label: "queued (0% or Pending), then linear",
        kind: "progress",
        build: (d, random) => {
            const queuedMs = (0.1 + 0.4 * random()) * d;
            // TaurusDB answers Pending while queued; others show 0%.
            const pending = random() < 0.5;
            return {
                answer: (t) =>
                    t < queuedMs ? (pending ? { status: "Pending" } : running(0)) : running(floorLinear(t - queuedMs, d - queuedMs)),
            };
        },
    },
    {
        label: "noisy, not monotone",
        kind: "progress",
        build: (d, random) => {
            const amplitude = 3 + 2 * random();
            return { answer: (t) => running(clamp99(Math.round((100 * t) / d + (random() * 2 - 1) * amplitude))) };
        },
    },
    {
        label: "stale answers mixed in",
        kind: "progress",
        build: (d, random) => ({
            answer: (t) => running(floorLinear(Math.max(0, t - (random() < 1 / 3 ? (0.05 + 0.25 * random()) * d : 0)), d)),
        }),
    },
    {
        label: "ends below 100% (60–99%)",
        kind: "progress",
        build: (d, random) => {
            const fullMs = d / (0.6 + 0.39 * random());
            return { answer: (t) => running(floorLinear(t, fullMs)) };
        },
    },
    {
        label: "sits at 99%",
        kind: "progress",
        build: (d, random) => {
            const reachMs = (0.5 + 0.4 * random()) * d;
            return { answer: (t) => running(clamp99(Math.floor((99 * t) / reachMs))) };
        },
    },
    {
        label: "stalls, then jumps",
        kind: "progress",
        build: (d, random) => {
            const freezeAt = (0.1 + 0.6 * random()) * d;
            const resumeAt = freezeAt + (0.1 + 0.2 * random()) * d;
            return { answer: (t) => running(floorLinear(t >= freezeAt && t < resumeAt ? freezeAt : t, d)) };
        },
    },
    { label: "no progress", kind: "none", build: () => ({ answer: () => running() }) },
    {
        label: "fails part way",
        kind: "fails",
        build: (d, random) => ({ answer: (t) => running(floorLinear(t, d)), failAtMs: random() * d }),
    },
];

import { deriveSeed, mulberry32 } from "./bench-random";
import { type JobAnswer, MAX_DURATION_MS, MIN_DURATION_MS, WORKLOAD_TYPICAL_DURATIONS_MS } from "./bench-workload";

/**
 * How the task center might report progress. Nobody here has seen OTC's task center report progress for a
 * whole job; its documents only say progress is a string like "60%". So the bench does not assume one shape:
 * each model below is a plausible behaviour of a real service, and the policy must hold across all of them.
 * A model turns a job (duration, name, a few per-job parameters drawn from its own random stream) into the
 * answer the task center gives at any instant. Every job of a model completes; failures are in the mixed
 * workload (bench-workload.ts).
 */
export interface ModelJob {
    index: number;
    name: string;
    /** When the job reports `Completed`, ms after submission (= when its waiter starts). */
    endMs: number;
    /** The API does not know the job id before this. */
    unknownUntilMs: number;
    /** The answer at `atMs`; only called while the job runs (atMs < endMs) and is known. */
    running(atMs: number): JobAnswer;
}

export interface ProgressModel {
    /** Short row label. */
    label: string;
    /** One line: what the model reports. */
    description: string;
    /**
     * False for a stress row whose targets are printed but do not fail the bench: a behaviour no policy can
     * meet the targets on without breaking them on clean progress (see docs/benchmarks.md).
     */
    gated?: boolean;
    /** Builds job `index` of duration `durationMs`; `random` is this job's own stream. */
    build(durationMs: number, random: () => number): (atMs: number) => JobAnswer;
}

const running = (progressPercent?: number): JobAnswer =>
    progressPercent === undefined ? { status: "Running" } : { status: "Running", progressPercent };
const clamp99 = (p: number): number => Math.min(99, Math.max(0, p));

/** Linear towards 100%, but done when progress shows `finalShare` of it. */
function endsEarly(durationMs: number, finalShare: number): (atMs: number) => JobAnswer {
    const fullMs = durationMs / finalShare;
    return (t) => running(clamp99(Math.floor((100 * t) / fullMs)));
}

/** 3–8 phases of random length; progress jumps to the phase's share of the work (a multiple of 5) when it starts. */
export function coarseSteps(d: number, random: () => number): (atMs: number) => JobAnswer {
    const phases = 3 + Math.floor(random() * 6);
    const weights = Array.from({ length: phases }, () => 0.2 + random());
    const total = weights.reduce((a, b) => a + b, 0);
    // Each phase reports its share of the *work*, which is unrelated to its share of the time.
    const reported = Array.from({ length: phases }, () => random());
    const reportedTotal = reported.reduce((a, b) => a + b, 0);
    const starts: number[] = [];
    const values: number[] = [];
    let at = 0;
    let value = 0;
    for (let i = 0; i < phases; i++) {
        starts.push(at);
        values.push(clamp99(Math.round(value / 5) * 5));
        at += (weights[i]! / total) * d;
        value += (100 * reported[i]!) / reportedTotal;
    }
    return (t) => {
        let i = 0;
        while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
        return running(values[i]!);
    };
}

export const PROGRESS_MODELS: readonly ProgressModel[] = [
    {
        label: "linear (today's)",
        description: "floor(100·t/T): the shape the policy was built on",
        build: (d) => (t) => running(clamp99(Math.floor((100 * t) / d))),
    },
    {
        label: "coarse uneven steps",
        description: "3–8 phases of random length; progress jumps to the phase's share (multiple of 5) when it starts",
        build: coarseSteps,
    },
    {
        label: "late start",
        description: "0% for the first 10–50% of the job (queued, preparing), then linear to 100%",
        build: (d, random) => {
            const quietMs = (0.1 + 0.4 * random()) * d;
            return (t) => running(t < quietMs ? 0 : clamp99(Math.floor((100 * (t - quietMs)) / (d - quietMs))));
        },
    },
    {
        label: "rounded",
        description: "round(100·t/T) instead of floor",
        build: (d) => (t) => running(clamp99(Math.round((100 * t) / d))),
    },
    {
        label: "noisy, not monotone",
        description: "linear ± up to 3–5 points of noise per answer (can go down)",
        build: (d, random) => {
            const amplitude = 3 + 2 * random();
            return (t) => running(clamp99(Math.round((100 * t) / d + (random() * 2 - 1) * amplitude)));
        },
    },
    {
        label: "ends below 100%",
        description: "linear towards 100%, but the job completes when progress shows 80–99%",
        build: (d, random) => endsEarly(d, 0.8 + 0.19 * random()),
    },
    {
        label: "ends far below 100%",
        description: "linear towards 100%, but the job completes when progress shows 60–80% (stress: not gated)",
        gated: false,
        build: (d, random) => endsEarly(d, 0.6 + 0.2 * random()),
    },
    {
        label: "sits at 99%",
        description: "reaches 99% after 50–90% of the job, then shows 99% until it completes",
        build: (d, random) => {
            const reachMs = (0.5 + 0.4 * random()) * d;
            return (t) => running(clamp99(Math.floor((99 * t) / reachMs)));
        },
    },
    {
        label: "stale answers mixed in",
        description: "a third of the answers come from a replica 5–60 s behind",
        build: (d, random) => (t) => {
            const lagMs = random() < 1 / 3 ? 5_000 + 55_000 * random() : 0;
            return running(clamp99(Math.floor((100 * Math.max(0, t - lagMs)) / d)));
        },
    },
    {
        label: "stalls, then catches up",
        description: "linear, frozen for 10–30% of the job, then jumps or climbs back (today's 'stalled' jobs)",
        build: (d, random) => {
            const freezeAt = (0.1 + 0.6 * random()) * d;
            const resumeAt = freezeAt + (0.1 + 0.2 * random()) * d;
            const jump = random() < 0.5;
            const frozen = (100 * freezeAt) / d;
            return (t) => {
                let exact = (100 * t) / d;
                if (t >= freezeAt && t < resumeAt) exact = frozen;
                else if (t >= resumeAt && !jump) exact = frozen + ((100 - frozen) * (t - resumeAt)) / (d - resumeAt);
                return running(clamp99(Math.floor(exact)));
            };
        },
    },
    {
        label: "none",
        description: "no progress at all (empty field)",
        build: () => () => running(),
    },
];

/**
 * Jobs of one model: durations log-uniform in [30 s, 60 min], names correlated with duration as in the mixed
 * workload, half of them unknown to the API for up to 5 s. The durations and names do not depend on the
 * model, so rows differ only in what progress says.
 */
export function generateModelJobs(model: ProgressModel, seed: number, jobCount: number): ModelJob[] {
    const jobs: ModelJob[] = [];
    for (let index = 0; index < jobCount; index++) {
        const shape = mulberry32(deriveSeed(seed, index, 1));
        const durationMs = logUniform(shape(), MIN_DURATION_MS, MAX_DURATION_MS);
        const name = nameForDuration(durationMs * Math.exp((shape() * 2 - 1) * Math.LN2));
        const unknownUntilMs = shape() < 0.5 ? shape() * 5_000 : 0;
        const answer = model.build(durationMs, mulberry32(deriveSeed(seed, index, 2)));
        jobs.push({ index, name, endMs: durationMs, unknownUntilMs, running: answer });
    }
    return jobs;
}

/**
 * What the task list would hold for past jobs of each name: `count` durations per name, drawn as the workload
 * draws them (a job of that name is one whose noisy duration lies nearest the name's typical duration).
 */
export function generateHistory(seed: number, perName: number): Map<string, number[]> {
    const random = mulberry32(deriveSeed(seed, 0x5eed));
    const history = new Map<string, number[]>();
    const wanted = Object.keys(WORKLOAD_TYPICAL_DURATIONS_MS).length * perName;
    let filled = 0;
    for (let draws = 0; filled < wanted && draws < 1_000_000; draws++) {
        const durationMs = logUniform(random(), MIN_DURATION_MS, MAX_DURATION_MS);
        const name = nameForDuration(durationMs * Math.exp((random() * 2 - 1) * Math.LN2));
        const list = history.get(name) ?? [];
        if (list.length >= perName) continue;
        list.push(durationMs);
        history.set(name, list);
        filled++;
    }
    return history;
}

function logUniform(u: number, low: number, high: number): number {
    return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
}

function nameForDuration(perturbedDurationMs: number): string {
    let best = "";
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [name, typicalMs] of Object.entries(WORKLOAD_TYPICAL_DURATIONS_MS)) {
        const distance = Math.abs(Math.log(perturbedDurationMs / typicalMs));
        if (distance < bestDistance) {
            best = name;
            bestDistance = distance;
        }
    }
    return best;
}

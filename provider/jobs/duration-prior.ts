/**
 * What past jobs of one name say about how long the next one will take: a few quantiles of their durations.
 * Learned from the task list (`created_at` → `ended_at` of completed jobs) and used by the poll policy for jobs
 * that report no progress, in place of its hard-coded guesses.
 */
export interface DurationPrior {
    /** How many past jobs this is made of. */
    samples: number;
    /** 10th percentile of their durations, ms. */
    lowMs: number;
    /** Median, ms. */
    medianMs: number;
    /** 90th percentile, ms. */
    highMs: number;
}

/** Fewer past jobs than this say too little about the spread; the policy keeps its own guesses then. */
export const MIN_PRIOR_SAMPLES = 3;

/** Quantiles of `durationsMs` (positive, finite values only); undefined below {@link MIN_PRIOR_SAMPLES}. */
export function durationPriorFrom(durationsMs: readonly number[]): DurationPrior | undefined {
    const sorted = durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
    if (sorted.length < MIN_PRIOR_SAMPLES) return undefined;
    const at = (fraction: number): number => {
        // Linear interpolation between order statistics: stable for the handful of samples a project has.
        const position = fraction * (sorted.length - 1);
        const below = Math.floor(position);
        const above = Math.min(sorted.length - 1, below + 1);
        return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
    };
    return { samples: sorted.length, lowMs: at(0.1), medianMs: at(0.5), highMs: at(0.9) };
}

import { defaultPollPolicy, type PollPolicy } from "../jobs/poll-policy";
import { ANCHOR_POLICIES } from "./anchor-policies";
import { type JobOutcome, type PolicySummary, simulatePolicy, summarize } from "./bench-simulation";
import { type BenchJob, generateWorkload } from "./bench-workload";

/** One policy's run over the whole workload. */
export interface PolicyResult {
    label: string;
    /** True for this project's policy, false for the anchors. */
    ours: boolean;
    outcomes: JobOutcome[];
    summary: PolicySummary;
}

export interface BenchmarkOptions {
    seed: number;
    jobCount: number;
    /** Per job, from submission. */
    deadlineMs: number;
    /** The policy under test; the project's default unless given. */
    policy?: PollPolicy;
}

export interface BenchmarkResult {
    options: BenchmarkOptions;
    jobs: BenchJob[];
    /** Ours first, then the anchors in table order. */
    results: PolicyResult[];
    targets: TargetCheck[];
}

export interface TargetCheck {
    description: string;
    /** What was measured, formatted for people. */
    measured: string;
    pass: boolean;
}

export const DEFAULT_SEED = 20_240_607;
export const DEFAULT_JOB_COUNT = 1_000;
export const DEFAULT_DEADLINE_MS = 120 * 60_000;

/** The project's targets, for jobs that report progress and complete. */
export const TARGET_PROGRESS_P50_MS = 2_000;
export const TARGET_PROGRESS_P95_MS = 10_000;
export const TARGET_PROGRESS_MEAN_CALLS = 12;

export const OUR_LABEL = "pulumi-otc-jobs (this project)";

export function runBenchmark(options: BenchmarkOptions): BenchmarkResult {
    const jobs = generateWorkload({ seed: options.seed, jobCount: options.jobCount });
    const contenders = [
        { label: OUR_LABEL, ours: true, policy: options.policy ?? defaultPollPolicy },
        ...ANCHOR_POLICIES.map((a) => ({ label: a.label, ours: false, policy: a.policy })),
    ];
    const results = contenders.map((contender, policyIndex): PolicyResult => {
        const outcomes = simulatePolicy(jobs, contender.policy, {
            deadlineMs: options.deadlineMs,
            seed: options.seed,
            policyIndex,
        });
        return { label: contender.label, ours: contender.ours, outcomes, summary: summarize(outcomes) };
    });
    return { options, jobs, results, targets: evaluateTargets(results) };
}

export function evaluateTargets(results: readonly PolicyResult[]): TargetCheck[] {
    const ours = results.find((r) => r.ours);
    if (ours === undefined) throw new Error("no result for the project's policy");
    const progress = ours.summary.progress;
    const checks: TargetCheck[] = [
        {
            description: `progress jobs: p50 latency ≤ ${seconds(TARGET_PROGRESS_P50_MS)}`,
            measured: seconds(progress.p50LatencyMs),
            pass: progress.p50LatencyMs <= TARGET_PROGRESS_P50_MS,
        },
        {
            description: `progress jobs: p95 latency ≤ ${seconds(TARGET_PROGRESS_P95_MS)}`,
            measured: seconds(progress.p95LatencyMs),
            pass: progress.p95LatencyMs <= TARGET_PROGRESS_P95_MS,
        },
        {
            description: `progress jobs: ≤ ${TARGET_PROGRESS_MEAN_CALLS} calls per job on average`,
            measured: progress.meanCalls.toFixed(2),
            pass: progress.meanCalls <= TARGET_PROGRESS_MEAN_CALLS,
        },
        {
            description: "every job seen before the deadline",
            measured: `${ours.summary.overall.timedOut} timed out`,
            pass: ours.summary.overall.timedOut === 0,
        },
    ];
    const dominators = results.filter(
        (r) =>
            !r.ours &&
            r.summary.overall.meanCalls < ours.summary.overall.meanCalls &&
            r.summary.overall.p50LatencyMs < ours.summary.overall.p50LatencyMs,
    );
    checks.push({
        description: "overall: no anchor has both fewer calls per job and a lower p50 latency",
        measured: dominators.length === 0 ? "none does" : `beaten by ${dominators.map((d) => d.label).join(", ")}`,
        pass: dominators.length === 0,
    });
    return checks;
}

function seconds(ms: number): string {
    if (!Number.isFinite(ms)) return "∞";
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

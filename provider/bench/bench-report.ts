import { CLASSES, type JobClass, type LatencyStats } from "./bench-simulation";
import type { BenchmarkResult } from "./bench-suite";

/**
 * Turns a {@link BenchmarkResult} into text: an aligned table for the terminal, the same table as markdown
 * for the README, and the target verdicts. Nothing here computes a number that the targets depend on.
 */

const CLASS_TITLES: Record<JobClass, string> = {
    linear: "linear",
    stalled: "stalled",
    none: "no progress",
    failed: "failed",
};

interface Table {
    header: string[];
    rows: string[][];
}

export function describeWorkload(result: BenchmarkResult): string {
    const { options, jobs } = result;
    const counts: Record<JobClass, number> = { linear: 0, stalled: 0, none: 0, failed: 0 };
    for (const outcome of result.results[0]?.outcomes ?? []) counts[outcome.jobClass]++;
    const failedWithProgress = jobs.filter((j) => j.failAtMs !== undefined && j.progressKind !== "none").length;
    return [
        `seed ${options.seed}, ${jobs.length} jobs, deadline ${options.deadlineMs / 60_000} min per job, virtual clock`,
        `jobs: ${counts.linear} linear, ${counts.stalled} stalled, ${counts.none} without progress complete; ` +
            `${counts.failed} fail (${failedWithProgress} of them report progress until they do)`,
        "durations log-uniform 30 s – 60 min; job names correlate with duration (name = nearest typical " +
            "duration on a log scale, ×/÷ 2 noise), the policy's priors are its own guesses",
        "latency = time from the job's real end (Completed or Failed) to the poll that sees it; " +
            "'progress' = linear + stalled jobs that complete (where the targets apply)",
    ].join("\n");
}

export function buildTable(result: BenchmarkResult): Table {
    const header = [
        "policy",
        "calls/job",
        "p50",
        "p95",
        "progress: calls · p50 · p95",
        ...CLASSES.map((c) => `${CLASS_TITLES[c]}: calls · p50 · p95`),
    ];
    const rows = result.results.map((r) => [
        r.ours ? `**${r.label}**` : r.label,
        formatCalls(r.summary.overall.meanCalls),
        formatLatency(r.summary.overall.p50LatencyMs),
        formatLatency(r.summary.overall.p95LatencyMs),
        cell(r.summary.progress),
        ...CLASSES.map((c) => cell(r.summary.byClass[c])),
    ]);
    return { header, rows };
}

export function renderText(table: Table): string {
    const plain = (s: string) => s.replace(/\*\*/g, "");
    const widths = table.header.map((h, i) =>
        Math.max(h.length, ...table.rows.map((row) => plain(row[i] ?? "").length)),
    );
    const line = (cells: string[]) =>
        cells.map((c, i) => (i === 0 ? plain(c).padEnd(widths[i] ?? 0) : plain(c).padStart(widths[i] ?? 0))).join("  ");
    return [line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)].join("\n");
}

export function renderMarkdown(table: Table): string {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    const align = table.header.map((_, i) => (i === 0 ? "---" : "---:"));
    return [line(table.header), line(align), ...table.rows.map(line)].join("\n");
}

export function renderTargets(result: BenchmarkResult): string {
    return result.targets.map((t) => `${t.pass ? "pass" : "miss"}  ${t.description}: ${t.measured}`).join("\n");
}

function cell(stats: LatencyStats): string {
    if (stats.jobs === 0) return "–";
    const timedOut = stats.timedOut > 0 ? ` (${stats.timedOut} timed out)` : "";
    return `${formatCalls(stats.meanCalls)} · ${formatLatency(stats.p50LatencyMs)} · ${formatLatency(stats.p95LatencyMs)}${timedOut}`;
}

export function formatCalls(calls: number): string {
    return calls >= 100 ? calls.toFixed(0) : calls.toFixed(1);
}

export function formatLatency(ms: number): string {
    if (Number.isNaN(ms)) return "–";
    if (!Number.isFinite(ms)) return "∞";
    const s = ms / 1000;
    if (s < 10) return `${s.toFixed(2)} s`;
    if (s < 100) return `${s.toFixed(1)} s`;
    return `${s.toFixed(0)} s`;
}

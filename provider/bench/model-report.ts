import { formatCalls, formatLatency } from "./bench-report";
import type { ModelRow } from "./model-bench";

/** The progress-model rows as an aligned text table or as markdown. */
export function renderModelTable(rows: readonly ModelRow[], format: "text" | "markdown"): string {
    const header = ["progress model", "calls/job", "max calls", "p50", "p95", "fixed poller, same calls: interval · p50 · p95"];
    const body = rows.map((r) => [
        r.label,
        formatCalls(r.meanCalls),
        String(r.maxCalls),
        formatLatency(r.p50LatencyMs),
        formatLatency(r.p95LatencyMs) + (r.timedOut > 0 ? ` (${r.timedOut} timed out)` : ""),
        `${formatLatency(r.fixedIntervalMs)} · ${formatLatency(r.fixedP50LatencyMs)} · ${formatLatency(r.fixedP95LatencyMs)}`,
    ]);
    if (format === "markdown") {
        const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
        return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...body.map(line)].join("\n");
    }
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

import { performance } from "node:perf_hooks";
import { buildTable, describeWorkload, renderMarkdown, renderTargets, renderText } from "./bench-report";
import { DEFAULT_DEADLINE_MS, DEFAULT_JOB_COUNT, DEFAULT_SEED, runBenchmark } from "./bench-suite";
import { evaluateModelTargets, HISTORY_JOBS_PER_NAME, runModelSuite } from "./model-bench";
import { renderModelTable } from "./model-report";

/**
 * `npm run bench`: runs the poll-policy benchmark, prints the tables and the target verdicts, and exits 1 when
 * a target fails so CI can gate on it. Options: `--seed=N`, `--jobs=N`.
 */
function main(argv: readonly string[]): number {
    const seed = intOption(argv, "seed") ?? DEFAULT_SEED;
    const jobCount = intOption(argv, "jobs") ?? DEFAULT_JOB_COUNT;
    const startedMs = performance.now();
    const result = runBenchmark({ seed, jobCount, deadlineMs: DEFAULT_DEADLINE_MS });
    const rows = runModelSuite({ seed, jobCount, deadlineMs: DEFAULT_DEADLINE_MS });
    const modelTargets = evaluateModelTargets(rows);
    const elapsedMs = performance.now() - startedMs;
    const table = buildTable(result);
    const out = [
        "Progress models: every job completes; the same 30 s – 60 min durations and names in every row; duration",
        `priors learned from ${HISTORY_JOBS_PER_NAME} past jobs per name, except the last row`,
        "",
        renderModelTable(rows, "text"),
        "",
        "Targets per model:",
        modelTargets.map((t) => `${t.pass ? "PASS" : t.gated ? "FAIL" : "MISS (stress row, not gated)"}  ${t.description}: ${t.measured}`).join("\n"),
        "",
        renderModelTable(rows, "markdown"),
        "",
        "Poll-policy benchmark",
        describeWorkload(result),
        "",
        renderText(table),
        "",
        "Targets (this project's policy):",
        renderTargets(result),
        "",
        "Markdown:",
        "",
        renderMarkdown(table),
        "",
        `ran in ${(elapsedMs / 1000).toFixed(2)} s`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    return result.targets.every((t) => t.pass) && modelTargets.every((t) => t.pass || !t.gated) ? 0 : 1;
}

function intOption(argv: readonly string[], name: string): number | undefined {
    const prefix = `--${name}=`;
    const raw = argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} wants a non-negative integer, got "${raw}"`);
    return value;
}

process.exitCode = main(process.argv.slice(2));

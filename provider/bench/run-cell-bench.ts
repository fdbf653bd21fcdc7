import { performance } from "node:perf_hooks";
import { judgeCells, renderCells, runCellBench } from "./cell-bench";

/**
 * The per-cell gate of `npm run bench`: every band × progress model cell against its own targets. Prints the
 * seed it used (random unless `--seed N` replays one) and exits 1 when any cell misses.
 */
export function runCellGate(argv: readonly string[]): number {
    const seed = intOption(argv, "seed") ?? Math.floor(Math.random() * 2 ** 31);
    const jobCount = intOption(argv, "cell-jobs") ?? 300;
    const started = performance.now();
    const verdicts = judgeCells(runCellBench({ seed, jobCount }));
    const missed = verdicts.filter((v) => v.misses.length > 0);
    const closest = [...verdicts].filter((v) => v.misses.length === 0).sort((a, b) => b.tightest - a.tightest).slice(0, 5);
    const out = [
        `Per-cell bench: seed ${seed} (replay: npm run bench -- --seed ${seed}), ${jobCount} jobs per cell, virtual clock;`,
        "latency = from the job's end (or failure) to the poll that sees it; the policy knows neither band nor model.",
        "",
        renderCells(verdicts, "text"),
        "",
        `${verdicts.length - missed.length} of ${verdicts.length} cells pass.`,
        "Closest to failing: " + closest.map((v) => `${v.row.band.label} ${v.row.label} (${v.tightestTarget} at ${(100 * v.tightest).toFixed(0)} %)`).join("; "),
        ...(missed.length > 0 ? ["", "MISSED:", ...missed.map((v) => `  ${v.row.band.label} · ${v.row.label}: ${v.misses.join("; ")}`)] : []),
        "",
        renderCells(verdicts, "markdown"),
        "",
        `ran in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    return missed.length === 0 ? 0 : 1;
}

/** `--name N` or `--name=N`. */
export function intOption(argv: readonly string[], name: string): number | undefined {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const raw = argv[i]!.includes("=") ? argv[i]!.slice(argv[i]!.indexOf("=") + 1) : argv[i + 1];
    const value = Number(raw);
    if (raw === undefined || !Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} wants a non-negative integer, got "${raw}"`);
    return value;
}

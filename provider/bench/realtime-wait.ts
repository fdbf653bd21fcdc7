import { execFile } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { OtcClient } from "../client/otc-client";
import { waitForJob } from "../jobs/wait-for-job";
import { type CreateGaussDbInstanceBody, createGaussDbInstance } from "../resources/gaussdb-instance/gaussdb-api";
import { type CreateTaurusDbInstanceBody, createTaurusDbInstance } from "../resources/taurusdb-instance/taurusdb-api";
import { taurusDbJobPathPrefixes } from "../resources/taurusdb-instance/taurusdb-jobs-path";
import { SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, startSimulator } from "../simulator";
import { validCreateBody, validTaurusDbCreateBody } from "../simulator/core/test-client";
import { percentile } from "./bench-simulation";
import { mulberry32 } from "./bench-random";

/**
 * `node dist/bench/realtime-wait.js [--seed N] [--jobs N] [--cli]`: the default policy in real time, through
 * waitForJob (or, with `--cli`, the built `otc-jobs wait` as a child process per job) and the simulator over
 * loopback HTTP. Jobs of 10–90 s (real), run at once: GaussDB jobs with progress, without, and failing part
 * way, and TaurusDB creates (`Pending` first, on its own job path). Prints the latency from each job's end (or
 * failure) to the poll that saw it.
 */
async function main(): Promise<void> {
    const arg = (name: string) => {
        const i = process.argv.indexOf(`--${name}`);
        return i < 0 ? undefined : Number(process.argv[i + 1]);
    };
    const seed = arg("seed") ?? 1;
    const viaCli = process.argv.includes("--cli");
    const perKind = arg("jobs") ?? 8;
    const random = mulberry32(seed);
    const sim = await startSimulator({ timeScale: 1 });
    const client = new OtcClient({ endpoint: sim.url, projectId: SIMULATOR_PROJECT_ID, credentials: SIMULATOR_CREDENTIALS, retries: 0 });
    const taurusUrl = `${sim.url}/gaussdb-mysql`;
    const taurus = new OtcClient({ endpoint: taurusUrl, projectId: SIMULATOR_PROJECT_ID, credentials: SIMULATOR_CREDENTIALS, retries: 0 });
    // TaurusDB last, so that the other kinds draw the same durations as before it was added.
    const kinds = ["linear progress", "no progress", "fails part way", "TaurusDB Pending"] as const;
    const runs: Promise<{ kind: string; durationMs: number; latencyMs: number; polls: number }>[] = [];
    let n = 0;
    for (const kind of kinds) {
        for (let i = 0; i < perKind; i++) {
            const durationMs = Math.round(10_000 * Math.exp(random() * Math.log(9)));
            const failAt = Math.max(1, Math.round(random() * 99));
            const name = `rt-${seed}-${n++}`;
            const match = { method: "POST", instanceName: `^${name}$` };
            sim.addFault({ match, times: 1, action: { type: "job-duration", ms: durationMs } });
            if (kind === "no progress") sim.addFault({ match, times: 1, action: { type: "job-no-progress" } });
            if (kind === "fails part way") sim.addFault({ match, times: 1, action: { type: "job-fail", failReason: "bench", atPercent: failAt } });
            runs.push(
                (async () => {
                    const isTaurus = kind === "TaurusDB Pending";
                    const submittedAt = performance.now();
                    const { jobId } = isTaurus
                        ? await createTaurusDbInstance(taurus, validTaurusDbCreateBody({ name }) as unknown as CreateTaurusDbInstanceBody)
                        : await createGaussDbInstance(client, validCreateBody({ name }) as unknown as CreateGaussDbInstanceBody);
                    const endAt = submittedAt + (kind === "fails part way" ? (durationMs * failAt) / 100 : durationMs);
                    let polls = 0;
                    if (viaCli) {
                        polls = await cliWait(sim.url, jobId, isTaurus ? ["--service", "taurusdb", "--endpoint", sim.endpoint] : []);
                    } else {
                        try {
                            await waitForJob({
                                endpoint: isTaurus ? taurusUrl : sim.url,
                                ...(isTaurus ? { jobPathPrefixes: taurusDbJobPathPrefixes(undefined) } : {}),
                                credentials: SIMULATOR_CREDENTIALS,
                                projectId: SIMULATOR_PROJECT_ID,
                                jobId,
                                timeoutMs: 300_000,
                                onProgress: (e) => void (polls = e.polls),
                            });
                        } catch {
                            // A failed job rejects: its latency is what we measure.
                        }
                    }
                    return { kind, durationMs, latencyMs: performance.now() - endAt, polls };
                })(),
            );
        }
    }
    const results = await Promise.all(runs);
    await sim.close();
    const via = viaCli ? "otc-jobs wait, one process per job" : "waitForJob";
    const lines = [`real time, seed ${seed}, ${perKind} jobs per kind of 10–90 s, run at once (default policy, ${via})`];
    for (const kind of kinds) {
        const rows = results.filter((r) => r.kind === kind);
        const latencies = rows.map((r) => r.latencyMs).sort((a, b) => a - b);
        const shares = rows.map((r) => r.latencyMs / r.durationMs).sort((a, b) => a - b);
        const polls = rows.reduce((s, r) => s + r.polls, 0) / rows.length;
        lines.push(
            `${kind.padEnd(17)} polls/job ${polls.toFixed(1)}  p50 ${(percentile(latencies, 0.5) / 1000).toFixed(2)} s  ` +
                `max ${(latencies[latencies.length - 1]! / 1000).toFixed(2)} s  max share of duration ${(100 * shares[shares.length - 1]!).toFixed(0)} %`,
        );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
}

/** `otc-jobs wait JOB --quiet --verbose` against the simulator; resolves with the status lookups it reports. */
function cliWait(endpoint: string, jobId: string, extraArgs: readonly string[]): Promise<number> {
    const cli = join(__dirname, "..", "cli", "main.js");
    const env = {
        PATH: process.env.PATH ?? "",
        OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
        OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
        OS_PROJECT_ID: SIMULATOR_PROJECT_ID,
        OTC_ENDPOINT: endpoint,
    };
    return new Promise((resolve) => {
        // A failed job exits non-zero: its latency is what we measure, so the exit code is not an error here.
        execFile(process.execPath, [cli, "wait", jobId, "--quiet", "--verbose", "--timeout", "5m", ...extraArgs], { env }, (_error, _stdout, stderr) => {
            resolve(Number(/(\d+) status lookups?/.exec(stderr)?.[1] ?? Number.NaN));
        });
    });
}

void main();

import { performance } from "node:perf_hooks";
import { OtcClient } from "../client/otc-client";
import { waitForJob } from "../jobs/wait-for-job";
import { type CreateGaussDbInstanceBody, createGaussDbInstance } from "../resources/gaussdb-instance/gaussdb-api";
import { SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, startSimulator } from "../simulator";
import { validCreateBody } from "../simulator/core/test-client";
import { percentile } from "./bench-simulation";
import { mulberry32 } from "./bench-random";

/**
 * `node dist/bench/realtime-wait.js [--seed N] [--jobs N]`: the default policy in real time, through waitForJob
 * and the simulator over loopback HTTP. Jobs of 10–90 s (real), run at once: with progress, without, and
 * failing part way. Prints the latency from each job's end (or failure) to the poll that saw it.
 */
async function main(): Promise<void> {
    const arg = (name: string) => {
        const i = process.argv.indexOf(`--${name}`);
        return i < 0 ? undefined : Number(process.argv[i + 1]);
    };
    const seed = arg("seed") ?? 1;
    const perKind = arg("jobs") ?? 8;
    const random = mulberry32(seed);
    const sim = await startSimulator({ timeScale: 1 });
    const client = new OtcClient({ endpoint: sim.url, projectId: SIMULATOR_PROJECT_ID, credentials: SIMULATOR_CREDENTIALS, retries: 0 });
    const kinds = ["linear progress", "no progress", "fails part way"] as const;
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
                    const body = validCreateBody({ name }) as unknown as CreateGaussDbInstanceBody;
                    const submittedAt = performance.now();
                    const { jobId } = await createGaussDbInstance(client, body);
                    const endAt = submittedAt + (kind === "fails part way" ? (durationMs * failAt) / 100 : durationMs);
                    let polls = 0;
                    try {
                        await waitForJob({
                            endpoint: sim.url,
                            credentials: SIMULATOR_CREDENTIALS,
                            projectId: SIMULATOR_PROJECT_ID,
                            jobId,
                            timeoutMs: 300_000,
                            onProgress: (e) => void (polls = e.polls),
                        });
                    } catch {
                        // A failed job rejects: its latency is what we measure.
                    }
                    return { kind, durationMs, latencyMs: performance.now() - endAt, polls };
                })(),
            );
        }
    }
    const results = await Promise.all(runs);
    await sim.close();
    const lines = [`real time, seed ${seed}, ${perKind} jobs per kind of 10–90 s, run at once (default policy)`];
    for (const kind of kinds) {
        const rows = results.filter((r) => r.kind === kind);
        const latencies = rows.map((r) => r.latencyMs).sort((a, b) => a - b);
        const shares = rows.map((r) => r.latencyMs / r.durationMs).sort((a, b) => a - b);
        const polls = rows.reduce((s, r) => s + r.polls, 0) / rows.length;
        lines.push(
            `${kind.padEnd(16)} polls/job ${polls.toFixed(1)}  p50 ${(percentile(latencies, 0.5) / 1000).toFixed(2)} s  ` +
                `max ${(latencies[latencies.length - 1]! / 1000).toFixed(2)} s  max share of duration ${(100 * shares[shares.length - 1]!).toFixed(0)} %`,
        );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
}

void main();

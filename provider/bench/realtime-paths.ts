import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { OtcClient, type OtcRequest } from "../client/otc-client";
import { ProgressReporter } from "../jobs/progress-reporter";
import { type CreateGaussDbInstanceBody, createGaussDbInstance } from "../resources/gaussdb-instance/gaussdb-api";
import { gaussDbInstanceAdapter } from "../resources/gaussdb-instance/gaussdb-instance-adapter";
import type { InstanceAdapter, LifecycleInputs, ManagedInstance } from "../resources/lifecycle/instance-adapter";
import { LifecycleProvider } from "../resources/lifecycle/lifecycle-provider";
import { rdsInstanceAdapter } from "../resources/rds-instance/rds-instance-adapter";
import { RuntimeContext } from "../resources/runtime-context";
import { taurusDbInstanceAdapter } from "../resources/taurusdb-instance/taurusdb-instance-adapter";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../simulator";
import { SimulatorTestClient, validCreateBody } from "../simulator/core/test-client";
import { JobOperationProvider } from "../resources/job-operation/job-operation-provider";
import { JobOperationRequestProvider } from "../resources/job-operation/job-operation-request-provider";
import { mulberry32 } from "./bench-random";
import { percentile } from "./bench-simulation";

/**
 * `node dist/bench/realtime-paths.js [--seed N] [--jobs N] [--path TEXT]`: the waiter in real time through every way a user
 * meets it, against the simulator over loopback HTTP (time scale 1): the `otc-jobs wait` CLI (a child process per
 * job), and the create of a GaussDB, RDS and TaurusDB instance through the real providers (one runtime per path, as
 * one provider process has), including a GaussDB create whose answer was lost, which waits on the instance's
 * status instead of a job. Jobs of 10–90 s: with progress, without, and failing part way (kept, so the rejection
 * comes when the failure is seen, not after a rollback). Prints, per path and kind, the latency from the job's
 * end (or failure) to the moment the user's command or create returns.
 */

const KINDS = ["linear progress", "no progress", "fails part way"] as const;
type Kind = (typeof KINDS)[number];

interface Job {
    kind: Kind;
    prefix: string;
    durationMs: number;
    /** When the job ends or fails, from its submission. */
    endMs: number;
}

interface Result {
    path: string;
    kind: Kind;
    durationMs: number;
    latencyMs: number;
}

interface Path {
    name: string;
    kinds: readonly Kind[];
    /** Made before the path's requests are counted: what the job needs first (an instance to restart). */
    prepare?(job: Job, sim: RunningSimulator, projectId: string): Promise<void>;
    /** Runs one job through the path; resolves when the user would see its end. */
    run(job: Job, sim: RunningSimulator, projectId: string, postedAt: Map<string, number>): Promise<number>;
}

const NETWORK = {
    vpcId: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
    subnetId: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
    securityGroupId: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
};

function engineFields(type: string, name: string, failing: boolean) {
    return {
        ownerUrn: `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/otc-jobs:${type}::${name}`,
        ownership: { token: randomBytes(16).toString("hex"), createdAt: new Date().toISOString() },
        timeouts: {},
        // A failed create is kept: the create rejects when the failure is seen, without a rollback's delete job.
        keepFailedInstance: failing,
        __provider: "bench",
    };
}

const GAUSSDB_INPUTS = (name: string, failing: boolean) => ({
    name,
    flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { type: "ULTRAHIGH", size: 40 },
    password: "Bench#Passw0rd1",
    availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
    ha: { mode: "enterprise" },
    ...NETWORK,
    ...engineFields("GaussDbInstance", name, failing),
});

const RDS_INPUTS = (name: string, failing: boolean) => ({
    name,
    engine: "MySQL",
    engineVersion: "8.0",
    flavorRef: "rds.mysql.n1.large.2",
    volume: { type: "CLOUDSSD", size: 40 },
    password: "Bench#Passw0rd1",
    availabilityZones: ["eu-de-01"],
    ...NETWORK,
    ...engineFields("RdsInstance", name, failing),
});

const TAURUSDB_INPUTS = (name: string, failing: boolean) => ({
    name,
    flavorRef: "gaussdb.mysql.xlarge.x86.4",
    password: "Bench#Passw0rd1",
    vpcId: NETWORK.vpcId,
    subnetId: NETWORK.subnetId,
    ...engineFields("TaurusDbInstance", name, failing),
});

/** A create through the real provider, in a runtime of the path's own (one provider process). */
function resourcePath<I extends LifecycleInputs, A extends ManagedInstance>(
    name: string,
    adapter: InstanceAdapter<I, A>,
    inputsOf: (name: string, failing: boolean) => Record<string, unknown>,
    options: { lostAnswer?: boolean; kinds?: readonly Kind[] } = {},
): Path {
    const runtimes = new Map<string, LifecycleProvider<I, A>>();
    const providerIn = async (sim: RunningSimulator, projectId: string) => {
        let provider = runtimes.get(projectId);
        if (!provider) {
            const runtime = silentRuntime();
            provider = new LifecycleProvider(adapter, runtime);
            await provider.configure({ config: simulatorConfig(sim, projectId) } as never);
            runtimes.set(projectId, provider);
        }
        return provider;
    };
    return {
        name,
        kinds: options.kinds ?? KINDS,
        async run(job, sim, projectId, postedAt) {
            const provider = await providerIn(sim, projectId);
            if (options.lostAnswer) {
                sim.addFault({ match: { method: "POST", path: "/instances$" }, times: 1, action: { type: "truncate" } });
            }
            const checked = await provider.check({}, inputsOf(job.prefix, job.kind === "fails part way"));
            if (checked.failures?.length) throw new Error(`${name}: check failed: ${JSON.stringify(checked.failures)}`);
            await provider.create(checked.inputs as never).catch((error: unknown) => {
                if (job.kind !== "fails part way") throw error;
            });
            const done = performance.now();
            const posted = [...postedAt.entries()].find(([instance]) => instance.startsWith(`${job.prefix}-`))?.[1];
            if (posted === undefined) throw new Error(`${name}: no create request seen for ${job.prefix}`);
            return done - (posted + job.endMs);
        },
    };
}

/** `otc-jobs wait <job>` as a pipeline runs it: a process of its own, started when the job is submitted. */
const cliPath: Path = {
    name: "otc-jobs wait",
    kinds: KINDS,
    async run(job, sim, projectId) {
        const client = new OtcClient({ endpoint: sim.url, projectId, credentials: SIMULATOR_CREDENTIALS, retries: 0 });
        const body = validCreateBody({ name: job.prefix }) as unknown as CreateGaussDbInstanceBody;
        const { jobId } = await createGaussDbInstance(client, body);
        const submitted = performance.now();
        const child = spawn(process.execPath, [join(__dirname, "..", "cli", "main.js"), "wait", jobId, "--quiet", "--timeout", "5m"], {
            stdio: "ignore",
            env: {
                PATH: process.env["PATH"] ?? "",
                OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
                OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
                OS_PROJECT_ID: projectId,
                OTC_ENDPOINT: sim.url,
            },
        });
        const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
        const expected = job.kind === "fails part way" ? 1 : 0;
        if (code !== expected) throw new Error(`otc-jobs wait exited ${code} for a job that should give ${expected}`);
        return performance.now() - (submitted + job.endMs);
    },
};

/**
 * An `OtcJobOperation` restarting an instance (both halves, as the engine runs them: the request, then the wait).
 * The instance is made first, out of band, with a create of half a second.
 */
function jobOperationPath(): Path {
    const runtimes = new Map<string, { request: JobOperationRequestProvider; operation: JobOperationProvider }>();
    const instances = new Map<string, string>();
    return {
        name: "OtcJobOperation (restart)",
        kinds: KINDS,
        async prepare(job, sim, projectId) {
            const api = new SimulatorTestClient(sim.url, undefined, projectId);
            const created = await api.createInstance({ name: `${job.prefix}-setup` });
            for (let answer = await api.getJob(created.json.job_id); answer.json?.job?.status !== "Completed"; answer = await api.getJob(created.json.job_id)) {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            instances.set(job.prefix, created.json.instance.id as string);
        },
        async run(job, sim, projectId) {
            let providers = runtimes.get(projectId);
            if (!providers) {
                const runtime = silentRuntime();
                providers = { request: new JobOperationRequestProvider(runtime), operation: new JobOperationProvider(runtime) };
                const config = simulatorConfig(sim, projectId);
                await providers.request.configure({ config } as never);
                await providers.operation.configure({ config } as never);
                runtimes.set(projectId, providers);
            }
            const instanceId = instances.get(job.prefix);
            const raw = {
                ownerUrn: `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/otc-jobs:OtcJobOperation::${job.prefix}`,
                service: "gaussdb",
                create: { method: "POST", path: `/v3/{project_id}/instances/${instanceId}/restart` },
                bodies: {},
                secretPaths: {},
                triggers: ["1"],
                timeouts: {},
                __provider: "bench",
            };
            const checked = await providers.request.check({}, raw);
            const sent = await providers.request.create(checked.inputs);
            const submitted = performance.now();
            const { jobIds, answer, answerStatus, submittedAt, sentRequest } = sent.outs ?? {};
            const opInputs = (await providers.operation.check({}, { ...checked.inputs, jobIds, answer, answerStatus, submittedAt, sentRequest })).inputs;
            await providers.operation.create(opInputs).catch((error: unknown) => {
                if (job.kind !== "fails part way") throw error;
            });
            return performance.now() - (submitted + job.endMs);
        },
    };
}

/** One provider process's runtime, its progress lines dropped (the bench times the waits, not the log). */
function silentRuntime(): RuntimeContext {
    return new RuntimeContext({ reporter: new ProgressReporter({ write: () => undefined, timer: false }), env: {} });
}

function simulatorConfig(sim: RunningSimulator, projectId: string): { get(key: string): string | undefined } {
    const config: Record<string, string> = {
        "otc:endpoint": sim.endpoint,
        "otc:projectId": projectId,
        "otc:region": "eu-de",
        "otc:accessKey": SIMULATOR_CREDENTIALS.accessKey,
        "otc:secretKey": SIMULATOR_CREDENTIALS.secretKey,
    };
    return { get: (key) => config[key] };
}

const PATHS: Path[] = [
    cliPath,
    resourcePath("GaussDbInstance create", gaussDbInstanceAdapter, GAUSSDB_INPUTS),
    resourcePath("GaussDbInstance, answer lost (instance status)", gaussDbInstanceAdapter, GAUSSDB_INPUTS, {
        lostAnswer: true,
        kinds: ["linear progress", "fails part way"],
    }),
    resourcePath("RdsInstance create", rdsInstanceAdapter, RDS_INPUTS),
    resourcePath("TaurusDbInstance create", taurusDbInstanceAdapter, TAURUSDB_INPUTS),
    jobOperationPath(),
];

/** Records, per instance name, when its create request was answered (or failed): the job's submission. */
function recordCreateRequests(): Map<string, number> {
    const postedAt = new Map<string, number>();
    const call = OtcClient.prototype.call;
    // Wrapped here rather than in the client: a bench's instrument, not a feature.
    OtcClient.prototype.call = async function (this: OtcClient, request: OtcRequest, schema: never) {
        const body = request.body as { name?: unknown } | undefined;
        const name = request.method === "POST" ? body?.name : undefined;
        try {
            return await call.call(this, request, schema);
        } finally {
            if (typeof name === "string" && !postedAt.has(name)) postedAt.set(name, performance.now());
        }
    } as typeof call;
    return postedAt;
}

async function main(): Promise<void> {
    const arg = (name: string) => {
        const i = process.argv.indexOf(`--${name}`);
        return i < 0 ? undefined : Number(process.argv[i + 1]);
    };
    const seed = arg("seed") ?? 1;
    const perKind = arg("jobs") ?? 6;
    const only = process.argv[process.argv.indexOf("--path") + 1];
    const paths = process.argv.includes("--path") ? PATHS.filter((path) => only !== undefined && path.name.includes(only)) : PATHS;
    const random = mulberry32(seed);
    const postedAt = recordCreateRequests();
    const sim = await startSimulator({ timeScale: 1 });
    const results: Result[] = [];
    const calls: Record<string, number> = {};
    let n = 0;
    // One path at a time: each is one provider process, with its own rate limiter.
    for (const path of paths) {
        const projectId = `rt${seed}p${PATHS.indexOf(path)}${Date.now().toString(36)}`;
        const jobs: Job[] = [];
        for (const kind of path.kinds) {
            for (let i = 0; i < perKind; i++) {
                const durationMs = Math.round(10_000 * Math.exp(random() * Math.log(9)));
                const failAt = Math.max(1, Math.round(random() * 99));
                const prefix = `rt${seed}n${n++}`;
                // The job operation's instance is made first by a create of half a second; its restart is the job.
                const restart = path.name.startsWith("OtcJobOperation");
                if (restart) sim.addFault({ match: { jobName: "CreateGaussDBV5Instance", instanceName: `^${prefix}-` }, times: 1, action: { type: "job-duration", ms: 500 } });
                const match = { instanceName: `^${prefix}`, ...(restart ? { jobName: "RestartGaussDBV5Instance" } : { method: "POST" }) };
                sim.addFault({ match, times: 1, action: { type: "job-duration", ms: durationMs } });
                if (kind === "no progress") sim.addFault({ match, times: 1, action: { type: "job-no-progress" } });
                if (kind === "fails part way") sim.addFault({ match, times: 1, action: { type: "job-fail", failReason: "bench", atPercent: failAt } });
                jobs.push({ kind, prefix, durationMs, endMs: kind === "fails part way" ? (durationMs * failAt) / 100 : durationMs });
            }
        }
        await Promise.all(jobs.map((job) => path.prepare?.(job, sim, projectId)));
        const before = sim.stats().requests;
        const latencies = await Promise.all(jobs.map((job) => path.run(job, sim, projectId, postedAt)));
        jobs.forEach((job, i) => results.push({ path: path.name, kind: job.kind, durationMs: job.durationMs, latencyMs: latencies[i]! }));
        const after = sim.stats().requests;
        calls[path.name] = Object.keys(after).reduce((sum, route) => sum + (after[route] ?? 0) - (before[route] ?? 0), 0) / jobs.length;
        sim.clearFaults();
    }
    await sim.close();
    const lines = [
        `real time, seed ${seed}, ${perKind} jobs per kind of 10–90 s, each path's jobs at once (simulator time scale 1)`,
        "path | kind | requests/job (all) | p50 | max | max share of the job's duration",
        "---|---|---|---|---|---",
    ];
    for (const path of paths) {
        for (const kind of path.kinds) {
            const rows = results.filter((r) => r.path === path.name && r.kind === kind);
            const latencies = rows.map((r) => r.latencyMs).sort((a, b) => a - b);
            const shares = rows.map((r) => r.latencyMs / r.durationMs).sort((a, b) => a - b);
            lines.push(
                `${path.name} | ${kind} | ${calls[path.name]!.toFixed(1)} | ${(percentile(latencies, 0.5) / 1000).toFixed(2)} s | ` +
                    `${(latencies[latencies.length - 1]! / 1000).toFixed(2)} s | ${(100 * shares[shares.length - 1]!).toFixed(0)} %`,
            );
        }
    }
    process.stdout.write(`${lines.join("\n")}\n`);
}

void main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});

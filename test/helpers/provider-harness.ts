import { ProgressReporter } from "../../provider/jobs/progress-reporter";
import { gaussDbInstanceAdapter } from "../../provider/resources/gaussdb-instance/gaussdb-instance-adapter";
import type { GaussDbInstanceInputs, GaussDbInstanceOutputs } from "../../provider/resources/gaussdb-instance/gaussdb-instance-inputs";
import { LifecycleProvider } from "../../provider/resources/lifecycle/lifecycle-provider";
import type { WithProvider } from "../../provider/resources/lifecycle/lifecycle-state";
import { RuntimeContext } from "../../provider/resources/runtime-context";
import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../../provider/simulator";
import { SimulatorTestClient, type WireInstance, type WireJob } from "../../provider/simulator/core/test-client";
import { SECRET_MARKER, SECRET_SIGNATURE_KEY, SECRET_SIGNATURE_VALUE } from "./pulumi-secret";

// The GaussDbInstanceProvider as the Pulumi provider process runs it (one RuntimeContext, configured from stack
// config), pointed at a running simulator, with its progress lines captured. One harness per test, each on a
// project id of its own, so instances, jobs and clients never mix between tests.

/** The URN the resource class would compute for `new GaussDbInstance("orders-db", …)` in stack "stack". */
export const OWNER_URN = "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance::orders-db";
export const PASSWORD = "Orders#Db2024pw";
export const FLAVOR = "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in";
export const BIGGER_FLAVOR = "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in";
export const REGION = "eu-de";
/** The resource's ownership token, as its OwnershipToken resource would have made it an hour ago. */
export const OWNERSHIP = { token: "5f3c9a0e7b2d4c1e8a6f0b9d3e2c1a47", createdAt: new Date(Date.now() - 3_600_000).toISOString() };
/** The OTC name of the instance of `new GaussDbInstance("orders-db", …)` with that token. */
export const OWNED_NAME = `orders-db-${OWNERSHIP.token.slice(0, 8)}`;

export type ProviderInputs = WithProvider<GaussDbInstanceInputs>;
export type GaussDbProvider = LifecycleProvider<GaussDbInstanceInputs, import("../../provider/resources/gaussdb-instance/gaussdb-api").GaussDbInstanceApi>;

/** What `new GaussDbInstance("orders-db", args)` sends to check (before check fills in defaults). */
export function rawInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "orders-db",
        flavorRef: FLAVOR,
        volume: { type: "ULTRAHIGH", size: 40 },
        password: PASSWORD,
        availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
        vpcId: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnetId: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        securityGroupId: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
        ha: { mode: "enterprise" },
        ownerUrn: OWNER_URN,
        ownership: OWNERSHIP,
        timeouts: {},
        keepFailedInstance: false,
        __provider: "shim",
        ...overrides,
    };
}

let projectCounter = 0;

/** A project id (letters and digits) no other test uses. */
export function freshProjectId(label: string): string {
    projectCounter++;
    return `${label.replace(/[^a-z0-9]/gi, "").slice(0, 12)}${projectCounter}x${Date.now().toString(36)}`;
}

export interface ProviderHarness {
    provider: GaussDbProvider;
    runtime: RuntimeContext;
    /** Every line the provider wrote to its progress reporter, in order. */
    lines: string[];
    projectId: string;
    /** Out-of-band calls to the same project (token auth, no retries). */
    api: SimulatorTestClient;
    /** Runs `check` like the engine does and returns its inputs; throws if check reported failures. */
    checked(overrides?: Record<string, unknown>, olds?: Record<string, unknown>): Promise<ProviderInputs>;
    /** Live instances of this project, as the API lists them. */
    instances(): Promise<WireInstance[]>;
    /** Live instances of this project, as the simulator counts them. */
    instanceCount(): number;
    /** Requests of this test to one route, e.g. `"POST /v3/{pid}/instances"` (the simulator is reset per test). */
    requests(route: string): number;
}

/** A provider process's runtime against the simulator, in a project of its own, its progress lines collected. */
export interface SimulatedRuntime {
    runtime: RuntimeContext;
    lines: string[];
    projectId: string;
    /** The stack configuration a provider's `configure` gets: simulator endpoint, project, region and AK/SK. */
    config: { get(key: string): string | undefined };
}

/**
 * `otc:endpoint` is `sim.endpoint` (`<url>/{service}`) unless `extraConfig` says otherwise; `lostCreateAnswerSearchMs`
 * is short so tests of a lost create answer do not wait 30 s.
 */
export function simulatedRuntime(sim: RunningSimulator, label: string, extraConfig: Record<string, string> = {}): SimulatedRuntime {
    const projectId = freshProjectId(label);
    const lines: string[] = [];
    const runtime = new RuntimeContext({
        reporter: new ProgressReporter({ write: (line) => lines.push(line), timer: false }),
        env: {},
        lostCreateAnswerSearchMs: 3_000,
    });
    const values: Record<string, string> = {
        "otc:endpoint": sim.endpoint,
        "otc:projectId": projectId,
        "otc:region": REGION,
        "otc:accessKey": SIMULATOR_CREDENTIALS.accessKey,
        "otc:secretKey": SIMULATOR_CREDENTIALS.secretKey,
        ...extraConfig,
    };
    return { runtime, lines, projectId, config: { get: (key) => values[key] } };
}

export async function providerHarness(sim: RunningSimulator, label: string, extraConfig: Record<string, string> = {}): Promise<ProviderHarness> {
    // GaussDB at the simulator's root, where 0.1.0's stacks point.
    const { runtime, lines, projectId, config } = simulatedRuntime(sim, label, { "otc:endpoint": sim.url, ...extraConfig });
    const provider = new LifecycleProvider(gaussDbInstanceAdapter, runtime);
    await provider.configure({ config });
    const api = new SimulatorTestClient(sim.url, undefined, projectId);
    return {
        provider,
        runtime,
        lines,
        projectId,
        api,
        async checked(overrides = {}, olds = {}) {
            const result = await provider.check(olds, rawInputs(overrides));
            if (result.failures && result.failures.length > 0) {
                throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
            }
            return result.inputs as ProviderInputs;
        },
        async instances() {
            const answer = await api.listInstances();
            if (answer.status !== 200) throw new Error(`listing instances answered ${answer.status}: ${answer.text}`);
            return answer.json.instances;
        },
        instanceCount: () => sim.stats().instancesByProject[projectId] ?? 0,
        requests: (route) => sim.stats().requests[route] ?? 0,
    };
}

/** Outputs as the engine records them after create (the host adds `__provider` to ordinary results). */
export function recorded(outs: unknown): GaussDbInstanceOutputs & { __provider: string } {
    if (!outs) throw new Error("no outputs");
    return { ...unsealed(outs as Record<string, unknown>), __provider: "shim" } as GaussDbInstanceOutputs & { __provider: string };
}

/** Outputs as the engine hands them back to the provider: secrets unwrapped (the provider accepts no secrets). */
export function unsealed(outs: Record<string, unknown>): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outs)) copy[key] = isSealed(value) ? value.value : value;
    return copy;
}

/** The wire form of a secret value, as the provider must record `value`. */
export function sealed(value: unknown): Record<string, unknown> {
    return { ...SECRET_MARKER, value };
}

/** A value sent as a secret (the wire form of `pulumi.secret`). */
export function isSealed(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE_VALUE;
}

/** Polls the simulator's job API until the job has ended; for out-of-band setup only. */
export async function waitOutOfBand(api: SimulatorTestClient, jobId: string, timeoutMs = 10_000): Promise<WireJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const answer = await api.getJob(jobId);
        const job = answer.json?.job;
        if (job && (job.status === "Completed" || job.status === "Failed")) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job?.status ?? answer.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

import { ResourceInitError } from "../../provider/resources/lifecycle/resource-init-error";
import type { GaussDbInstanceOutputs } from "../../provider/resources/gaussdb-instance/gaussdb-instance-inputs";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../../provider/simulator";
import { OWNED_NAME, PASSWORD, type ProviderHarness, providerHarness, rawInputs, REGION } from "./provider-harness";

// What the GaussDbInstanceProvider test files (test/integration/gaussdb-instance-provider*.test.ts) share: one
// simulator per file, reset before each test, and the helpers their cases use. They test the provider's methods (check,
// diff, create, read, update, delete) against the real simulator over real HTTP: the real client, signing, rate
// limiter, job waiter and progress reporter, no mocks. Jobs are sped up by the time scale (a create takes 12 min / 3000
// = 240 ms) or given a real duration by a `job-duration` fault where a case needs a job that is still running. The
// cases are spread over several files because nearly all their time is spent waiting on jobs (the provider's poll
// policy is not injectable, so every job wait costs about 2 s, its first poll): apart, jest runs them side by side.

const TIME_SCALE = 3_000;
/** What Pulumi sends for a value unknown at preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const NEW_PASSWORD = "Orders#Db2025new";
export const ROUTES = {
    create: "POST /v3/{pid}/instances",
    list: "GET /v3/{pid}/instances",
    delete: "DELETE /v3/{pid}/instances/{id}",
    resize: "PUT /v3/{pid}/instances/{id}/flavor",
    enlarge: "POST /v3/{pid}/instances/{id}/action",
    password: "POST /v3/{pid}/instances/{id}/password",
} as const;

/** The file's simulator (started by {@link simulatorPerFile}). */
export let sim: RunningSimulator;

/** Starts the file's simulator; counters are per test, and every test also works in a project of its own. */
export function simulatorPerFile(): void {
    beforeAll(async () => {
        sim = await startSimulator({ timeScale: TIME_SCALE });
    });
    afterAll(async () => {
        await sim.close();
    });
    beforeEach(() => sim.reset());
}

export const harness = (label: string) => providerHarness(sim, label);

/** The rejection of a promise that must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof Error) return error;
        throw new Error(`rejected with a non-Error: ${String(error)}`);
    }
    throw new Error("expected a rejection, but the promise resolved");
}

/** A ResourceInitError, or a failure that says what came instead. */
export function asInitError(error: Error): ResourceInitError & { properties: GaussDbInstanceOutputs & { __provider?: string } } {
    if (!(error instanceof ResourceInitError)) throw new Error(`expected a ResourceInitError, got ${error.name}: ${error.message}`);
    return error as ResourceInitError & { properties: GaussDbInstanceOutputs & { __provider?: string } };
}

/** No progress line, and no text given, contains the password(s) or the secret key. */
export function expectNoSecrets(h: ProviderHarness, texts: string[] = [], passwords: string[] = [PASSWORD]): void {
    const everything = [...h.lines, ...texts];
    expect(everything.length).toBeGreaterThan(0);
    for (const secret of [...passwords, SIMULATOR_CREDENTIALS.secretKey]) {
        expect(everything.filter((text) => text.includes(secret))).toEqual([]);
    }
}

/** Outputs as recorded after a successful create, for the diff cases (no simulator needed). */
export async function recordedOutputs(h: ProviderHarness, overrides: Record<string, unknown> = {}) {
    const inputs = await h.checked(overrides);
    return {
        ...inputs,
        region: inputs.region ?? REGION,
        instanceName: OWNED_NAME,
        status: "ACTIVE",
        privateIps: ["192.168.0.10"],
    } as GaussDbInstanceOutputs;
}

/** A create job that takes `ms` real milliseconds. */
export function slowCreate(ms: number): void {
    sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms } });
}

/** The create body the program's inputs make, for instances made out of band as an interrupted run would. */
export function programBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const inputs = rawInputs();
    return {
        name,
        datastore: { type: "GaussDB" },
        ha: inputs["ha"],
        flavor_ref: inputs["flavorRef"],
        volume: inputs["volume"],
        region: REGION,
        availability_zone: inputs["availabilityZone"],
        vpc_id: inputs["vpcId"],
        subnet_id: inputs["subnetId"],
        security_group_id: inputs["securityGroupId"],
        password: PASSWORD,
        ...overrides,
    };
}


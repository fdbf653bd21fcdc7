import { OtcClient } from "../../provider/client/otc-client";
import { FallbackJobStatusSource } from "../../provider/jobs/fallback-job-status-source";
import { LifecycleProvider } from "../../provider/resources/lifecycle/lifecycle-provider";
import { RuntimeContext } from "../../provider/resources/runtime-context";
import { taurusDbInstanceAdapter } from "../../provider/resources/taurusdb-instance/taurusdb-instance-adapter";
import { taurusDbJobPathPrefixes } from "../../provider/resources/taurusdb-instance/taurusdb-jobs-path";
import { type RunningSimulator, SIMULATOR_TOKEN, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { freshProjectId, isSealed, OWNERSHIP, simulatedRuntime, unsealed } from "../helpers/provider-harness";

// The TaurusDbInstance provider in-process (as the Pulumi provider process runs it) against the simulator's
// TaurusDB service, and the job-path fallback on its own.
jest.setTimeout(60_000);

const OWNER_URN = "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:TaurusDbInstance::shop-db";
const PASSWORD = "Shop#Db2024pw";

let sim: RunningSimulator;
beforeAll(async () => {
    sim = await startSimulator({ timeScale: 600 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function rawInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "shop-db",
        flavorRef: "gaussdb.mysql.xlarge.x86.4",
        password: PASSWORD,
        vpcId: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnetId: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        ownerUrn: OWNER_URN,
        ownership: OWNERSHIP,
        timeouts: {},
        keepFailedInstance: false,
        __provider: "shim",
        ...overrides,
    };
}

async function harness(extraConfig: Record<string, string> = {}) {
    const { runtime, lines, projectId, config } = simulatedRuntime(sim, "taurus", extraConfig);
    const provider = new LifecycleProvider(taurusDbInstanceAdapter, runtime);
    await provider.configure({ config });
    const checked = async (overrides: Record<string, unknown> = {}, olds: Record<string, unknown> = {}) => {
        const result = await provider.check(olds, rawInputs(overrides));
        if (result.failures?.length) throw new Error(JSON.stringify(result.failures));
        return result.inputs as never;
    };
    const route = (template: string) => sim.stats().requests[template.replace(/^(\w+) /, "$1 /gaussdb-mysql")] ?? 0;
    const api = new SimulatorTestClient(`${sim.url}/gaussdb-mysql`, undefined, projectId);
    return { provider, lines, checked, route, api, projectId };
}

test("create passes the simulator's checks of the documented body and records the real instance; removing replicas repeats one node per request", async () => {
    const h = await harness();
    const inputs = await h.checked({ readReplicas: 3 });
    const created = await h.provider.create(inputs);
    expect(created.outs).toMatchObject({ status: "ACTIVE", readReplicas: 3, flavorRef: "gaussdb.mysql.xlarge.x86.4", datastoreVersion: "8.0", availabilityZoneMode: "single" });
    expect(isSealed(created.outs["password"])).toBe(true);
    // The create job is Pending at first (TaurusDB documents it): the wait goes on until Completed.
    expect(h.lines.some((l) => /CreateGaussDBforMySQLInstance completed/.test(l))).toBe(true);

    const olds = { ...unsealed(created.outs), __provider: "shim" } as never;
    const news = await h.checked({ readReplicas: 1 }, olds);
    const updated = await h.provider.update(created.id, olds, news);
    expect(h.route("DELETE /v3/{pid}/instances/{id}/nodes/{node}")).toBe(2);
    expect(updated.outs).toMatchObject({ readReplicas: 1 });
    expect((updated.outs as { nodes: { type: string }[] }).nodes.map((n) => n.type)).toEqual(["master", "slave"]);
    expect(h.lines.filter((l) => /DeleteGaussDBforMySQLNode completed/.test(l))).toHaveLength(2);

    await h.provider.delete(created.id, updated.outs as never);
    expect(sim.stats().instances).toBe(0);
});

test("a failed node delete ends the update with OTC's fail_reason after that one request", async () => {
    const h = await harness();
    const created = await h.provider.create(await h.checked({ readReplicas: 2 }));
    // Every node delete is accepted but fails: the count never drops.
    sim.addFault({ match: { jobName: "DeleteGaussDBforMySQLNode" }, action: { type: "job-fail", failReason: "Node busy (simulated)." } });
    const olds = { ...unsealed(created.outs), __provider: "shim" } as never;
    await expect(h.provider.update(created.id, olds, await h.checked({ readReplicas: 1 }, olds))).rejects.toThrow(/Node busy \(simulated\)\./);
    expect(h.route("DELETE /v3/{pid}/instances/{id}/nodes/{node}")).toBe(1);
});

test("a repeating step whose change never shows is bounded: the update fails with what to do", async () => {
    const h = await harness();
    const created = await h.provider.create(await h.checked());
    // The real adapter, but its replica step claims success without changing anything.
    const steps = taurusDbInstanceAdapter.updateSteps.map((step) =>
        step.property === "readReplicas" ? { ...step, needed: () => true, submit: async () => ({}) } : step,
    );
    const stuck = new LifecycleProvider({ ...taurusDbInstanceAdapter, updateSteps: steps }, (h.provider as unknown as { runtime: RuntimeContext }).runtime);
    const olds = { ...unsealed(created.outs), __provider: "shim" } as never;
    await expect(stuck.update(created.id, olds, await h.checked({ readReplicas: 2 }, olds))).rejects.toThrow(
        /readReplicas: the instance is still not as the program says after 20 requests; run pulumi refresh, then pulumi up/,
    );
});

test("check names each bad property and never quotes the password", async () => {
    const h = await harness();
    const result = await h.provider.check({}, rawInputs({ password: "lowercaseonly", readReplicas: 16, masterAvailabilityZone: "eu-de-02" }));
    const reasons = (result.failures ?? []).map((f) => f.reason);
    expect(reasons).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/^password must contain at least three of/),
            expect.stringMatching(/^readReplicas must be at most 15/),
            expect.stringMatching(/^masterAvailabilityZone must not be set when availabilityZoneMode is "single"/),
        ]),
    );
    expect(JSON.stringify(result.failures)).not.toContain("lowercaseonly");
    expect(Object.values(sim.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);
});

describe("FallbackJobStatusSource", () => {
    async function createdJob(projectId: string): Promise<string> {
        const api = new SimulatorTestClient(`${sim.url}/gaussdb-mysql`, { token: SIMULATOR_TOKEN }, projectId);
        const answer = await api.call<{ job_id: string }>("POST", "/instances", {
            region: "eu-de",
            name: "taurus-job",
            datastore: { type: "gaussdb-mysql", version: "8.0" },
            mode: "Cluster",
            flavor_ref: "gaussdb.mysql.xlarge.x86.4",
            vpc_id: "v",
            subnet_id: "s",
            password: PASSWORD,
            availability_zone_mode: "single",
            slave_count: 1,
        });
        return answer.json.job_id;
    }
    const client = (projectId: string) => new OtcClient({ endpoint: `${sim.url}/gaussdb-mysql`, projectId, credentials: { token: SIMULATOR_TOKEN } });

    test("reads /v3 while it exists; moves to /mysql/v3 for good after a gateway 404, and says so once", async () => {
        const projectId = freshProjectId("fallback");
        const jobId = await createdJob(projectId);
        const notices: string[] = [];
        const source = new FallbackJobStatusSource(client(projectId), taurusDbJobPathPrefixes(undefined), (m) => notices.push(m));
        expect(await source.lookup(jobId)).toMatchObject({ kind: "found", job: { id: jobId, name: "CreateGaussDBforMySQLInstance" } });
        expect(source.prefix).toBe("");

        sim.addFault({ match: { method: "GET", path: "^/gaussdb-mysql/v3/[^/]+/jobs$" }, action: { type: "http-error", status: 404, errorCode: "APIGW.0101" } });
        const [a, b] = await Promise.all([source.lookup(jobId), source.lookup(jobId)]);
        expect(a).toMatchObject({ kind: "found", job: { id: jobId } });
        expect(b).toMatchObject({ kind: "found", job: { id: jobId } });
        expect(source.prefix).toBe("/mysql");
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(/APIGW\.0101.*using \/mysql\/v3\/\w+\/jobs/);
        // An unknown job is a service answer (400 DBS.200543), never a reason to change paths.
        expect(await source.lookup("00000000-0000-4000-8000-000000000000")).toEqual({ kind: "unknown" });
    });

    test("the last path's 404 is passed on; a service 404 is not a missing path", async () => {
        const projectId = freshProjectId("fallback");
        const jobId = await createdJob(projectId);
        sim.addFault({ match: { method: "GET", path: "/jobs$" }, action: { type: "http-error", status: 404, errorCode: "APIGW.0101" } });
        const source = new FallbackJobStatusSource(client(projectId), taurusDbJobPathPrefixes("v3"));
        await expect(source.lookup(jobId)).rejects.toThrow(/answered 404: APIGW\.0101/);
        expect(() => taurusDbJobPathPrefixes("legacy")).toThrow(/must be auto, v3 or mysql/);
    });

    test("a Pending job reads as not ended", async () => {
        const projectId = freshProjectId("pending");
        const slow = await startSimulator({ timeScale: 1 });
        try {
            const api = new SimulatorTestClient(`${slow.url}/gaussdb-mysql`, { token: SIMULATOR_TOKEN }, projectId);
            const answer = await api.call<{ job_id: string }>("POST", "/instances", {
                region: "eu-de", name: "taurus-pending", datastore: { type: "gaussdb-mysql", version: "8.0" }, mode: "Cluster",
                flavor_ref: "gaussdb.mysql.xlarge.x86.4", vpc_id: "v", subnet_id: "s", password: PASSWORD, availability_zone_mode: "single", slave_count: 1,
            });
            const source = new FallbackJobStatusSource(new OtcClient({ endpoint: `${slow.url}/gaussdb-mysql`, projectId, credentials: { token: SIMULATOR_TOKEN } }), [""]);
            expect(await source.lookup(answer.json.job_id)).toMatchObject({ kind: "found", job: { status: "Pending", rawStatus: "Pending" } });
        } finally {
            await slow.close();
        }
    });
});

import { startSimulator, type RunningSimulator } from "../index";
import { type ErrorBody, SimulatorTestClient, TestClock, validTaurusDbCreateBody as createBody } from "../core/test-client";

const MINUTE = 60_000;

interface WireNode {
    id: string;
    name: string;
    type: string;
    status: string;
    flavor_ref: string;
}
interface WireDetail {
    instance: { id: string; name: string; status: string; nodes: WireNode[]; az_mode: string; master_az_code: string; private_write_ips: string[] };
}
interface WireJob {
    job: { id: string; name: string; status: string; process: string; ended?: string; entities: Record<string, unknown>; fail_reason?: string; instance: { id: string } };
}

let simulator: RunningSimulator;
let clock: TestClock;
let api: SimulatorTestClient;
beforeAll(async () => {
    clock = new TestClock();
    simulator = await startSimulator({ now: clock.now });
    api = new SimulatorTestClient(`${simulator.url}/gaussdb-mysql`);
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

async function created(overrides: Record<string, unknown> = {}): Promise<{ id: string; jobId: string }> {
    const answer = await api.call<{ instance: { id: string }; job_id: string }>("POST", "/instances", createBody(overrides));
    expect(answer.status).toBe(201);
    return { id: answer.json.instance.id, jobId: answer.json.job_id };
}

const detail = async (id: string) => (await api.call<WireDetail>("GET", `/instances/${id}`)).json.instance;
const job = async (id: string, prefix = "") => api.request<WireJob>("GET", `${prefix}/v3/${api.projectId}/jobs?id=${id}`);

test("create answers 201 with the instance and a job that is Pending, then Running with process, then Completed", async () => {
    const { id, jobId } = await created({ slave_count: 2 });
    clock.advance(0.5 * MINUTE);
    expect((await job(jobId)).json.job).toMatchObject({ status: "Pending", process: "", name: "CreateGaussDBforMySQLInstance" });
    clock.advance(4.5 * MINUTE);
    expect((await job(jobId)).json.job).toMatchObject({ status: "Running", process: "50%" });
    expect((await detail(id)).status).toBe("BUILD");
    clock.advance(6 * MINUTE);
    const done = (await job(jobId)).json.job;
    expect(done).toMatchObject({ status: "Completed", process: "", instance: { id } });
    expect(done.ended).toBeDefined();
    expect(done.entities).toMatchObject({ instance: { type: "Cluster", datastore: { type: "gaussdb-mysql", version: "8.0" } } });
    const instance = await detail(id);
    expect(instance.status).toBe("ACTIVE");
    expect(instance.nodes.map((n) => `${n.type}:${n.status}`)).toEqual(["master:ACTIVE", "slave:ACTIVE", "slave:ACTIVE"]);
    expect(instance.nodes.every((n) => n.flavor_ref === "gaussdb.mysql.xlarge.x86.4")).toBe(true);
    // The legacy prefix serves the same job.
    expect((await job(jobId, "/mysql")).json.job).toMatchObject({ id: jobId, status: "Completed" });
    const listed = await api.call<{ instances: { id: string }[]; total_count: number }>("GET", `/instances?name=taurus-demo`);
    expect(listed.json.instances.map((i) => i.id)).toEqual([id]);
});

test("read replicas: several at once are one job each, comma-joined; one node is deleted per request", async () => {
    const { id } = await created();
    clock.advance(11 * MINUTE);
    const enlarged = await api.call<{ job_id: string; node_names: string[] }>("POST", `/instances/${id}/nodes/enlarge`, { priorities: [1, 2] });
    expect(enlarged.status).toBe(201);
    const jobIds = enlarged.json.job_id.split(",");
    expect(jobIds).toHaveLength(2);
    expect(enlarged.json.node_names).toEqual(["taurus-demo_node03", "taurus-demo_node04"]);
    const busy = await api.call<ErrorBody>("POST", `/instances/${id}/nodes/enlarge`, { priorities: [1] });
    expect([busy.status, busy.json.error_code]).toEqual([409, "DBS.200019"]);
    clock.advance(7 * MINUTE);
    for (const jobId of jobIds) expect((await job(jobId)).json.job).toMatchObject({ status: "Completed", name: "AddGaussDBforMySQLNodes" });
    let instance = await detail(id);
    expect(instance.status).toBe("ACTIVE");
    expect(instance.nodes.filter((n) => n.type === "slave" && n.status === "ACTIVE")).toHaveLength(3);

    const slave = instance.nodes.filter((n) => n.type === "slave").at(-1)!;
    const deleted = await api.call<{ job_id: string }>("DELETE", `/instances/${id}/nodes/${slave.id}`);
    expect(deleted.status).toBe(200);
    clock.advance(4 * MINUTE);
    expect((await job(deleted.json.job_id)).json.job).toMatchObject({ status: "Completed", name: "DeleteGaussDBforMySQLNode" });
    instance = await detail(id);
    expect(instance.nodes.map((n) => n.id)).not.toContain(slave.id);
    const master = instance.nodes.find((n) => n.type === "master")!;
    expect((await api.call<ErrorBody>("DELETE", `/instances/${id}/nodes/${master.id}`)).status).toBe(400);
});

test("resize changes every node's flavor; delete removes the instance; a gone instance answers 404 DBS.200002", async () => {
    const { id } = await created();
    clock.advance(11 * MINUTE);
    const resized = await api.call<{ job_id: string }>("POST", `/instances/${id}/action`, { resize_flavor: { spec_code: "gaussdb.mysql.2xlarge.x86.4" } });
    expect(resized.status).toBe(200);
    expect((await detail(id)).status).toBe("MODIFYING");
    clock.advance(9 * MINUTE);
    expect((await detail(id)).nodes.every((n) => n.flavor_ref === "gaussdb.mysql.2xlarge.x86.4")).toBe(true);
    const deleted = await api.call<{ job_id: string }>("DELETE", `/instances/${id}`);
    expect(deleted.status).toBe(200);
    clock.advance(3 * MINUTE);
    const gone = await api.call<ErrorBody>("GET", `/instances/${id}`);
    expect([gone.status, gone.json.error_code]).toEqual([404, "DBS.200002"]);
    expect(simulator.stats().instances).toBe(0);
});

test.each([
    [{ mode: "Single" }, /mode must be "Cluster"/],
    [{ datastore: { type: "mysql", version: "8.0" } }, /datastore.type must be "gaussdb-mysql"/],
    [{ availability_zone_mode: "multi" }, /master_availability_zone is mandatory/],
    [{ master_availability_zone: "eu-de-01" }, /cannot be specified when availability_zone_mode is single/],
    [{ slave_count: 10 }, /slave_count must be an integer from 1 to 9/],
    [{ flavor_ref: "rds.mysql.c2.large" }, /flavor_ref .* is not a valid specification code/],
    [{ password: "weakpassword" }, /password must be 8 to 32 characters/],
])("create refuses %j with 400 DBS.200001", async (overrides, message) => {
    const answer = await api.call<ErrorBody>("POST", "/instances", createBody(overrides));
    expect([answer.status, answer.json.error_code]).toEqual([400, "DBS.200001"]);
    expect(answer.json.error_msg).toMatch(message);
    expect(answer.text).not.toContain("weakpassword");
});

test("a failing create job ends Failed with its fail_reason and leaves a FAILED instance", async () => {
    simulator.addFault({ match: { jobName: "CreateGaussDBforMySQLInstance" }, action: { type: "job-fail", failReason: "No capacity (simulated)." } });
    const { id, jobId } = await created();
    clock.advance(6 * MINUTE);
    expect((await job(jobId)).json.job).toMatchObject({ status: "Failed", fail_reason: "No capacity (simulated)." });
    expect((await detail(id)).status).toBe("FAILED");
});

test("an http-error fault makes only the /v3 job path answer 404 APIGW.0101, as on a region with only the legacy path", async () => {
    const { jobId } = await created();
    simulator.addFault({ match: { method: "GET", path: "^/gaussdb-mysql/v3/[^/]+/jobs$" }, action: { type: "http-error", status: 404, errorCode: "APIGW.0101", errorMsg: "The API does not exist or has not been published in the environment" } });
    const missing = await job(jobId);
    expect([missing.status, (missing.json as unknown as ErrorBody).error_code]).toEqual([404, "APIGW.0101"]);
    expect((await job(jobId, "/mysql")).status).toBe(200);
});

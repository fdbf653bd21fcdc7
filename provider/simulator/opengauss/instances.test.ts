import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, validCreateBody, type ErrorBody } from "../core/test-client";

const MINUTE = 60_000;
const OTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;

describe("simulator: GaussDB instances", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    async function createActive(overrides: Record<string, unknown> = {}) {
        const created = await client.createInstance(overrides);
        expect(created.status).toBe(202);
        clock.advance(13 * MINUTE);
        return created.json.instance;
    }

    it("creates an instance: 202 BUILD with a job, Running with progress (never Pending), then Completed and ACTIVE", async () => {
        const created = await client.createInstance({ name: "gauss-life" });
        expect(created.status).toBe(202);
        expect(created.json.instance).toEqual({
            id: expect.stringMatching(/^[0-9a-f]{32}in14$/),
            name: "gauss-life",
            status: "BUILD",
            datastore: { type: "GaussDB", version: "3.208" },
            ha: { mode: "centralization_standard", consistency: "strong", replication_mode: "sync" },
            flavor_ref: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
            volume: { type: "ULTRAHIGH", size: 40 },
            region: "eu-de",
            availability_zone: "eu-de-01,eu-de-02,eu-de-03",
            vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
            subnet_id: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
            security_group_id: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
            port: "8000",
        });
        expect(created.text).not.toContain("Str0ng!Passw0rd");
        const jobId = created.json.job_id;
        expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

        clock.advance(10_000); // 1.4 % of 12 minutes: openGauss's task center documents no Pending
        expect((await client.getJob(jobId)).json.job).toMatchObject({ status: "Running", progress: "1%" });

        clock.advance(2 * MINUTE - 10_000); // 2 of 12 minutes
        const running = (await client.getJob(jobId)).json.job;
        expect(running).toMatchObject({ status: "Running", progress: "16%", fail_reason: null });
        expect(running.ended).toBeUndefined();
        expect((await client.listInstances("?name=gauss-life")).json.instances[0]?.status).toBe("BUILD");

        clock.advance(10 * MINUTE);
        const done = (await client.getJob(jobId)).json.job;
        expect(done).toMatchObject({ status: "Completed", progress: "", fail_reason: null });
        expect(done.ended).toMatch(OTC_TIMESTAMP);
        const listed = await client.listInstances("?name=gauss-life");
        expect(listed.json.total_count).toBe(1);
        // The list types the port as an integer, the create answer as a string ("Querying DB Instances").
        expect(listed.json.instances[0]).toMatchObject({ status: "ACTIVE", type: "Centralization", public_ips: [], port: 8000 });
        expect(listed.json.instances[0]?.private_ips[0]).toMatch(/^192\.168\.\d{1,3}\.\d{1,3}$/);
        expect(listed.json.instances[0]?.created).toMatch(OTC_TIMESTAMP);
        expect(listed.text).not.toContain("password");
    });

    it("does not make names unique: two creates with one name make two instances", async () => {
        const first = await client.createInstance({ name: "same-name" });
        const second = await client.createInstance({ name: "same-name" });
        expect(first.json.instance.id).not.toBe(second.json.instance.id);
        const listed = await client.listInstances("?name=same-name");
        expect(listed.json.total_count).toBe(2);
        expect(sim.stats()).toMatchObject({ createRequests: 2, instances: 2 });
    });

    it("filters the list by exact name, *substring, id, and pages it", async () => {
        const a = await createActive({ name: "alpha-db" });
        await createActive({ name: "alpha-db-2" });
        await createActive({ name: "beta-db" });
        expect((await client.listInstances("?name=alpha-db")).json.total_count).toBe(1);
        expect((await client.listInstances("?name=*lpha")).json.total_count).toBe(2);
        expect((await client.listInstances(`?id=${a.id}`)).json.instances.map((i) => i.name)).toEqual(["alpha-db"]);
        const page = await client.listInstances("?offset=1&limit=1");
        expect(page.json).toMatchObject({ total_count: 3 });
        expect(page.json.instances.map((i) => i.name)).toEqual(["alpha-db-2"]); // newest first
        const bad = await client.call<ErrorBody>("GET", "/instances?limit=101");
        expect(bad.status).toBe(400);
        expect(bad.json).toEqual({ error_code: "DBS.200001", error_msg: expect.stringContaining("limit") });
    });

    it("serves GaussDB under its host label too, as otc:endpoint <url>/{service} reaches it, counted as at the root", async () => {
        expect(sim.endpoint).toBe(`${sim.url}/{service}`);
        const prefixed = new SimulatorTestClient(`${sim.url}/gaussdb`, client.auth, client.projectId);
        const created = await prefixed.createInstance({ name: "under-prefix" });
        expect(created.status).toBe(202);
        expect((await client.listInstances("?name=under-prefix")).json.total_count).toBe(1);
        expect(sim.stats().requests).toMatchObject({ "POST /v3/{pid}/instances": 1, "GET /v3/{pid}/instances": 1 });
        const elsewhere = await new SimulatorTestClient(`${sim.url}/nosuchservice`, client.auth, client.projectId).listInstances();
        expect(elsewhere.status).toBe(404);
    });

    it("keeps state per project", async () => {
        await client.createInstance();
        const other = client.with({ projectId: "otherproject1" });
        expect((await other.listInstances()).json.total_count).toBe(0);
        expect(sim.stats().instancesByProject).toEqual({ [client.projectId]: 1 });
    });

    it.each([
        ["name", { name: "1abc" }],
        ["name", { name: "abc" }],
        ["name", { name: undefined }],
        ["datastore.type", { datastore: { type: "MySQL" } }],
        ["ha.mode", { ha: { mode: "single" } }],
        ["password", { password: "short" }],
        ["flavor_ref", { flavor_ref: "" }],
        ["volume.size", { volume: { type: "ULTRAHIGH", size: 39 } }],
        ["volume.size", { volume: { type: "ULTRAHIGH", size: 40.5 } }],
        ["volume.type", { volume: { size: 40 } }],
        ["region", { region: undefined }],
        ["availability_zone", { availability_zone: undefined }],
        ["vpc_id", { vpc_id: 7 }],
        ["subnet_id", { subnet_id: undefined }],
        ["security_group_id", { security_group_id: undefined }],
        ["restore_point", { restore_point: { instance_id: "x", backup_id: "y" } }],
    ])("rejects a create with a bad %s, naming the field, and creates nothing", async (field, overrides) => {
        const response = await client.call<ErrorBody>("POST", "/instances", validCreateBody(overrides));
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(response.json.error_code).toBe("DBS.200001");
        expect(response.json.error_msg).toMatch(new RegExp(`^Invalid parameter: ${field.replace(".", "\\.")}\\b`));
        expect(sim.stats().instances).toBe(0);
    });

    it("rejects a body that is not JSON", async () => {
        const response = await client.call<ErrorBody>("POST", "/instances", "{not json");
        expect(response.status).toBe(400);
        expect(response.json.error_code).toBe("DBS.200001");
    });

    it("deletes: the instance stays listed as DELETING until the job completes, then is gone", async () => {
        const instance = await createActive();
        const deleted = await client.call<{ job_id: string }>("DELETE", `/instances/${instance.id}`);
        expect(deleted.status).toBe(202);
        expect(deleted.json).toEqual({ job_id: expect.any(String) });
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]?.status).toBe("DELETING");
        clock.advance(2 * MINUTE);
        expect((await client.getJob(deleted.json.job_id)).json.job.status).toBe("Completed");
        expect((await client.listInstances(`?id=${instance.id}`)).json).toEqual({ instances: [], total_count: 0 });
        const again = await client.call<ErrorBody>("DELETE", `/instances/${instance.id}`);
        expect(again.status).toBe(404);
        expect(again.json).toEqual({ error_code: "DBS.200002", error_msg: "The DB instance does not exist." });
    });

    it("resizes the flavor: MODIFYING while running, new flavor_ref once completed", async () => {
        const instance = await createActive();
        const resized = await client.call<{ job_id: string }>("PUT", `/instances/${instance.id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" });
        expect(resized.status).toBe(202);
        expect((await client.getJob(resized.json.job_id)).json.job.name).toBe("ResizeGaussDBV5Flavor");
        clock.advance(3 * MINUTE);
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]).toMatchObject({
            status: "MODIFYING",
            flavor_ref: instance.flavor_ref,
        });
        clock.advance(3 * MINUTE);
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]).toMatchObject({
            status: "ACTIVE",
            flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in",
        });
    });

    it("enlarges the volume, and refuses a size that is not larger or not a 40 GB step", async () => {
        const instance = await createActive();
        const smaller = await client.call<ErrorBody>("POST", `/instances/${instance.id}/action`, { enlarge_volume: { size: 40 } });
        expect(smaller.status).toBe(400);
        expect(smaller.json.error_msg).toContain("enlarge_volume.size");
        const offStep = await client.call<ErrorBody>("POST", `/instances/${instance.id}/action`, { enlarge_volume: { size: 100 } });
        expect(offStep.status).toBe(400);
        expect(offStep.json.error_msg).toMatch(/multiple of 40/);
        const enlarged = await client.call<{ job_id: string }>("POST", `/instances/${instance.id}/action`, {
            enlarge_volume: { size: 120 },
        });
        expect(enlarged.status).toBe(202);
        expect((await client.getJob(enlarged.json.job_id)).json.job.name).toBe("EnlargeGaussDBV5Volume");
        clock.advance(4 * MINUTE);
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]).toMatchObject({
            status: "ACTIVE",
            volume: { type: "ULTRAHIGH", size: 120 },
        });
    });

    it("renames through a job", async () => {
        const instance = await createActive({ name: "old-name" });
        const renamed = await client.call<{ job_id: string }>("PUT", `/instances/${instance.id}/name`, { name: "new-name" });
        expect(renamed.status).toBe(202);
        expect((await client.getJob(renamed.json.job_id)).json.job.name).toBe("ModifyGaussDBV5InstanceName");
        clock.advance(MINUTE);
        expect((await client.listInstances("?name=new-name")).json.total_count).toBe(1);
        expect((await client.listInstances("?name=old-name")).json.total_count).toBe(0);
    });

    it("answers 409 DBS.200019 to any mutation while a job runs, and 200 {} to a password reset when idle", async () => {
        const created = await client.createInstance();
        const id = created.json.instance.id;
        const busy = {
            error_code: "DBS.200019",
            error_msg: "Another operation is being performed on the DB instance. Please try again later.",
        };
        const attempts = [
            client.call<ErrorBody>("DELETE", `/instances/${id}`),
            client.call<ErrorBody>("PUT", `/instances/${id}/flavor`, { flavor_ref: "other" }),
            client.call<ErrorBody>("POST", `/instances/${id}/action`, { enlarge_volume: { size: 80 } }),
            client.call<ErrorBody>("PUT", `/instances/${id}/name`, { name: "renamed" }),
            client.call<ErrorBody>("POST", `/instances/${id}/password`, { password: "An0ther!Passw0rd" }),
        ];
        for (const response of await Promise.all(attempts)) {
            expect(response.status).toBe(409);
            expect(response.json).toEqual(busy);
        }
        expect(sim.stats().jobs).toBe(1);
        clock.advance(12 * MINUTE);
        const reset = await client.call<object>("POST", `/instances/${id}/password`, { password: "An0ther!Passw0rd" });
        expect(reset.status).toBe(200);
        expect(reset.json).toEqual({});
        expect(sim.stats().jobs).toBe(1);
    });

    it("answers OTC gateway errors for unknown routes and wrong methods, with a request id everywhere", async () => {
        const unknown = await client.call<ErrorBody>("GET", "/configurations");
        expect(unknown.status).toBe(404);
        expect(unknown.json).toMatchObject({
            error_code: "APIGW.0101",
            error_msg: "The API does not exist or has not been published in the environment",
        });
        const requestId = unknown.headers.get("x-request-id");
        expect(requestId).toMatch(/^[0-9a-f]{32}$/);
        expect(unknown.json.request_id).toBe(requestId);
        const wrongMethod = await client.call<ErrorBody>("PATCH", "/instances");
        expect(wrongMethod.status).toBe(405);
        expect(wrongMethod.headers.get("allow")).toBe("POST, GET");
        const ok = await client.listInstances();
        expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
        expect(ok.headers.get("x-request-id")).not.toBe(requestId);
    });
});

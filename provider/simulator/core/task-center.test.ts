import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, type ErrorBody } from "./test-client";

const MINUTE = 60_000;

// The example answers of the OTC docs (seeds 000/002 and 001/004), to compare shapes with.
const SEED_JOB = {
    job: {
        id: "5cbb8a90-2253-4cff-8a13-49aa8f31dfb5",
        name: "CreateGaussDBV5Instance",
        status: "Completed",
        created: "2021-07-12T09:22:04+0800",
        ended: "2021-07-12T10:10:13+0800",
        progress: "",
        instance: { id: "b34f8c791f2643578510c093aa2351a8in14", name: "gauss-c1a3" },
        fail_reason: null,
    },
};
const SEED_TASKS = {
    tasks: [
        {
            instance_info: {
                instance_id: "ce2dce50f365430abe161bab79495a6ein14",
                instance_name: "gauss-6568-zzh",
                instance_status: "creating",
            },
            job_id: "03bc055a-135c-4245-8bd8-b0bc6d3350b3",
            name: "CreateGaussDBV5Instance",
            status: "Failed",
            process: null,
            fail_reason: "An exception occurs when the ECS processes services.",
            created_at: "2022-08-05T08:15:07+0800",
            ended_at: "2022-08-09T03:06:52+0800",
        },
        {
            instance_info: {
                instance_id: "20ba433bd7ee40da9cf35064f04f9e4cin14",
                instance_name: "gauss-7875-lt-m",
                instance_status: "deleted",
            },
            job_id: "2cc16e0b-75ab-4a28-9453-16517e990bba",
            name: "DeleteGaussDBV5Instance",
            status: "Completed",
            process: null,
            fail_reason: null,
            created_at: "2022-08-06T09:15:07+0800",
            ended_at: "2022-08-10T03:06:52+0800",
        },
    ],
    total_count: 2,
};

/** Keys (in order) and JSON types, recursively: what a client schema sees. */
function shapeOf(value: unknown): unknown {
    if (value === null) return "null";
    if (Array.isArray(value)) return value.map(shapeOf);
    if (typeof value === "object") {
        return Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, shapeOf(v)]);
    }
    return typeof value;
}

const OTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/;

describe("simulator: task center", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    it("answers GET /jobs?id= in the shape of the documented example", async () => {
        const created = await client.createInstance({ name: "gauss-c1a3" });
        clock.advance(13 * MINUTE);
        const response = await client.getJob(created.json.job_id);
        expect(response.status).toBe(200);
        expect(shapeOf(response.json)).toEqual(shapeOf(SEED_JOB));
        expect(response.json.job).toEqual({
            id: created.json.job_id,
            name: "CreateGaussDBV5Instance",
            status: "Completed",
            created: expect.stringMatching(OTC_TIME),
            ended: expect.stringMatching(OTC_TIME),
            progress: "",
            instance: { id: created.json.instance.id, name: "gauss-c1a3" },
            fail_reason: null,
        });
        // The job ended exactly 12 minutes after it was created.
        const created_ = Date.parse(response.json.job.created.replace(/(\d{2})(\d{2})$/, "$1:$2"));
        const ended = Date.parse((response.json.job.ended ?? "").replace(/(\d{2})(\d{2})$/, "$1:$2"));
        expect(ended - created_).toBe(12 * MINUTE);
    });

    it("leaves `ended` out while a job runs", async () => {
        const created = await client.createInstance();
        clock.advance(6 * MINUTE);
        const job = (await client.getJob(created.json.job_id)).json.job;
        expect(job).toMatchObject({ status: "Running", progress: "50%" });
        expect(Object.keys(job)).toEqual(["id", "name", "status", "created", "progress", "instance", "fail_reason"]);
    });

    it("answers 400 DBS.200543 for an unknown job (also from another project), 400 DBS.200001 without id", async () => {
        const unknown = await client.getJob("00000000-0000-0000-0000-000000000000");
        expect(unknown.status).toBe(400);
        expect(unknown.json).toEqual({ error_code: "DBS.200543", error_msg: "The job does not exist." });

        const created = await client.createInstance();
        const elsewhere = await client.with({ projectId: "anotherproject" }).getJob(created.json.job_id);
        expect(elsewhere.status).toBe(400);
        expect((elsewhere.json as unknown as ErrorBody).error_code).toBe("DBS.200543");

        const missing = await client.call<ErrorBody>("GET", "/jobs");
        expect(missing.status).toBe(400);
        expect(missing.json).toEqual({ error_code: "DBS.200001", error_msg: "Invalid parameter: id is required." });
    });

    it("lists tasks in the shape of the documented example, newest first", async () => {
        sim.addFault({
            match: { jobName: "CreateGaussDBV5Instance" },
            times: 1,
            action: { type: "job-fail", failReason: "An exception occurs when the ECS processes services.", atPercent: 40 },
        });
        const failed = await client.createInstance({ name: "gauss-6568-zzh" });
        clock.advance(MINUTE);
        const doomed = await client.createInstance({ name: "gauss-7875-lt-m" });
        clock.advance(13 * MINUTE);
        const deleted = await client.call<{ job_id: string }>("DELETE", `/instances/${doomed.json.instance.id}`);
        clock.advance(2 * MINUTE);

        const response = await client.listTasks();
        expect(response.status).toBe(200);
        expect(response.json.total_count).toBe(3);
        const [newest, middle, oldest] = response.json.tasks;
        expect(newest?.job_id).toBe(deleted.json.job_id);
        expect(middle?.job_id).toBe(doomed.json.job_id);
        expect(oldest?.job_id).toBe(failed.json.job_id);
        expect(shapeOf({ tasks: [oldest, newest], total_count: 2 })).toEqual(shapeOf(SEED_TASKS));
        expect(oldest).toMatchObject({
            name: "CreateGaussDBV5Instance",
            status: "Failed",
            process: null,
            fail_reason: "An exception occurs when the ECS processes services.",
            instance_info: { instance_name: "gauss-6568-zzh", instance_status: "createfail" },
        });
        expect(newest).toMatchObject({
            name: "DeleteGaussDBV5Instance",
            status: "Completed",
            process: null,
            fail_reason: null,
            instance_info: { instance_id: doomed.json.instance.id, instance_name: "gauss-7875-lt-m", instance_status: "deleted" },
        });
        // The failed create left a FAILED instance behind, as OTC does.
        expect((await client.listInstances("?name=gauss-6568-zzh")).json.instances[0]?.status).toBe("FAILED");
    });

    it("reports a running task with process NN% and ended_at null", async () => {
        await client.createInstance({ name: "running-one" });
        clock.advance(3 * MINUTE);
        const [task] = (await client.listTasks()).json.tasks;
        expect(task).toMatchObject({ status: "Running", process: "25%", ended_at: null, fail_reason: null });
        expect(task?.instance_info.instance_status).toBe("creating");
    });

    it("filters tasks by status, name, start_time/end_time and pages them", async () => {
        const startedAt = clock.ms;
        const first = await client.createInstance({ name: "first-db" });
        clock.advance(13 * MINUTE);
        const resized = await client.call<{ job_id: string }>("PUT", `/instances/${first.json.instance.id}/flavor`, {
            flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in",
        });
        clock.advance(MINUTE);
        const secondAt = clock.ms;
        const second = await client.createInstance({ name: "second-db" });
        clock.advance(MINUTE);

        const ids = async (query: string) => (await client.listTasks(query)).json.tasks.map((t) => t.job_id);
        expect(await ids("?status=Completed")).toEqual([first.json.job_id]);
        expect(await ids("?status=Running")).toEqual([second.json.job_id, resized.json.job_id]);
        expect(await ids("?name=ResizeGaussDBV5Flavor")).toEqual([resized.json.job_id]);
        expect(await ids(`?start_time=${secondAt}`)).toEqual([second.json.job_id]);
        expect(await ids(`?start_time=${startedAt}&end_time=${secondAt - 1}`)).toEqual([resized.json.job_id, first.json.job_id]);
        const page = await client.listTasks("?offset=1&limit=1");
        expect(page.json.total_count).toBe(3);
        expect(page.json.tasks.map((t) => t.job_id)).toEqual([resized.json.job_id]);

        for (const bad of ["?limit=0", "?limit=abc", "?offset=-1", "?status=Done", "?start_time=yesterday"]) {
            const response = await client.call<ErrorBody>("GET", `/tasks${bad}`);
            expect(response.status).toBe(400);
            expect(response.json.error_code).toBe("DBS.200001");
        }
    });
});

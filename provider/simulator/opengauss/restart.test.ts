import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, type ErrorBody } from "../core/test-client";

const MINUTE = 60_000;

describe("simulator: GaussDB restart", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    async function activeInstanceId(): Promise<string> {
        const created = await client.createInstance({ name: "restart-me" });
        clock.advance(13 * MINUTE);
        return created.json.instance.id;
    }

    it("answers 202 with a RestartGaussDBV5Instance job; the instance is REBOOTING until it completes, then ACTIVE", async () => {
        const id = await activeInstanceId();
        const restart = await client.call<{ job_id: string }>("POST", `/instances/${id}/restart`, {});
        expect(restart.status).toBe(202);
        const jobId = restart.json.job_id;
        expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

        clock.advance(MINUTE);
        expect((await client.getJob(jobId)).json.job).toMatchObject({ name: "RestartGaussDBV5Instance", status: "Running", instance: { id } });
        expect((await client.listInstances(`?id=${id}`)).json.instances[0]?.status).toBe("REBOOTING");
        // A second restart while the first runs is refused as busy, as any other action.
        expect((await client.call<ErrorBody>("POST", `/instances/${id}/restart`, {})).status).toBe(409);

        clock.advance(3 * MINUTE);
        expect((await client.getJob(jobId)).json.job).toMatchObject({ status: "Completed" });
        expect((await client.listInstances(`?id=${id}`)).json.instances[0]?.status).toBe("ACTIVE");
        expect(sim.stats().requests["POST /v3/{pid}/instances/{id}/restart"]).toBe(2);
        expect(sim.stats().requests["POST /gaussdb/v3/{pid}/instances/{id}/restart"]).toBeUndefined();
    });

    it("a job-fail fault fails the restart with its reason; the instance goes back to ACTIVE", async () => {
        const id = await activeInstanceId();
        sim.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, action: { type: "job-fail", failReason: "reboot refused (simulated)" } });
        const jobId = (await client.call<{ job_id: string }>("POST", `/instances/${id}/restart`)).json.job_id;
        clock.advance(4 * MINUTE);
        expect((await client.getJob(jobId)).json.job).toMatchObject({ status: "Failed", fail_reason: "reboot refused (simulated)" });
        expect((await client.listInstances(`?id=${id}`)).json.instances[0]?.status).toBe("ACTIVE");
    });

    it("answers 404 for an unknown instance", async () => {
        expect((await client.call<ErrorBody>("POST", "/instances/nope/restart", {})).status).toBe(404);
    });
});

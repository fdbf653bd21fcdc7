import { request as httpRequest } from "node:http";
import { FaultRuleError, startSimulator, type FaultRule, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, type ErrorBody } from "./test-client";

const MINUTE = 60_000;

describe("simulator: fault injection", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    const postFaults = (rules: FaultRule | FaultRule[] | unknown) =>
        new SimulatorTestClient(sim.url, { none: true }).request<{ added: number } & ErrorBody>("POST", "/_sim/faults", rules);

    it("job-fail: a matching job fails at the given percent with the reason verbatim; others are untouched", async () => {
        const reason = "Insufficient resources in AZ eu-de-02. (code 0x1F)";
        expect((await postFaults({ match: { instanceName: "^doomed" }, action: { type: "job-fail", failReason: reason, atPercent: 30 } })).status).toBe(200);
        const doomed = await client.createInstance({ name: "doomed-db" });
        const healthy = await client.createInstance({ name: "healthy-db" });
        clock.advance(209_000); // 29 % of 12 minutes
        expect((await client.getJob(doomed.json.job_id)).json.job).toMatchObject({ status: "Running", progress: "29%" });
        clock.advance(8_000); // 30.1 %
        expect((await client.getJob(doomed.json.job_id)).json.job).toMatchObject({ status: "Failed", progress: "", fail_reason: reason });
        expect((await client.getJob(healthy.json.job_id)).json.job).toMatchObject({ status: "Running", fail_reason: null });
        expect((await client.listInstances("?name=doomed-db")).json.instances[0]?.status).toBe("FAILED");
        expect(sim.stats().faultsFired).toBe(1);
    });

    it("job-fail on a resize leaves the flavor unchanged and the instance ACTIVE", async () => {
        const created = await client.createInstance();
        clock.advance(12 * MINUTE);
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, action: { type: "job-fail", failReason: "flavor sold out" } });
        const id = created.json.instance.id;
        const resize = await client.call<{ job_id: string }>("PUT", `/instances/${id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" });
        clock.advance(3 * MINUTE);
        expect((await client.getJob(resize.json.job_id)).json.job).toMatchObject({ status: "Failed", fail_reason: "flavor sold out" });
        expect((await client.listInstances(`?id=${id}`)).json.instances[0]).toMatchObject({
            status: "ACTIVE",
            flavor_ref: created.json.instance.flavor_ref,
        });
    });

    it("job-fail on a delete keeps the instance", async () => {
        const created = await client.createInstance();
        clock.advance(12 * MINUTE);
        sim.addFault({ match: { method: "DELETE" }, action: { type: "job-fail", failReason: "delete failed" } });
        await client.call("DELETE", `/instances/${created.json.instance.id}`);
        clock.advance(2 * MINUTE);
        expect((await client.listInstances()).json.instances[0]?.status).toBe("ACTIVE");
    });

    it("job-duration: the job takes exactly that many real milliseconds", async () => {
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, action: { type: "job-duration", ms: 1000 } });
        const created = await client.createInstance();
        clock.advance(500);
        expect((await client.getJob(created.json.job_id)).json.job).toMatchObject({ status: "Running", progress: "50%" });
        clock.advance(500);
        expect((await client.getJob(created.json.job_id)).json.job.status).toBe("Completed");
    });

    it("job-no-progress: a running job reports an empty progress", async () => {
        sim.addFault({ action: { type: "job-no-progress" } });
        const created = await client.createInstance();
        clock.advance(6 * MINUTE);
        expect((await client.getJob(created.json.job_id)).json.job).toMatchObject({ status: "Running", progress: "" });
        expect((await client.listTasks()).json.tasks[0]?.process).toBe("");
    });

    it("job-unknown: the job answers DBS.200543 for its first forMs, then appears", async () => {
        sim.addFault({ times: 1, action: { type: "job-unknown", forMs: 5000 } });
        const created = await client.createInstance();
        const early = await client.getJob(created.json.job_id);
        expect(early.status).toBe(400);
        expect(early.json).toEqual({ error_code: "DBS.200543", error_msg: "The job does not exist." });
        expect((await client.listTasks()).json.total_count).toBe(0);
        clock.advance(5000);
        expect((await client.getJob(created.json.job_id)).status).toBe(200);
        // times: 1 — the next job is known at once.
        const second = await client.createInstance();
        expect((await client.getJob(second.json.job_id)).status).toBe(200);
    });

    it("http-error: answers the status (with Retry-After) without processing the request, `times` times", async () => {
        sim.addFault({
            match: { method: "POST", path: "/instances$" },
            times: 2,
            action: { type: "http-error", status: 503, errorCode: "SYS.0503", errorMsg: "Service unavailable", retryAfterSeconds: 7 },
        });
        for (let i = 0; i < 2; i++) {
            const response = await client.createInstance();
            expect(response.status).toBe(503);
            expect(response.headers.get("retry-after")).toBe("7");
            expect(response.json as unknown).toEqual({ error_code: "SYS.0503", error_msg: "Service unavailable" });
        }
        expect(sim.stats()).toMatchObject({ instances: 0, createRequests: 0, faultsFired: 2 });
        expect((await client.createInstance()).status).toBe(202);
        expect((await client.listInstances()).status).toBe(200);
    });

    it("reset: the connection is dropped and the request is not processed", async () => {
        sim.addFault({ match: { path: "/instances$", method: "POST" }, times: 1, action: { type: "reset" } });
        await expect(client.createInstance()).rejects.toThrow();
        expect(sim.stats()).toMatchObject({ instances: 0, faultsFired: 1, requests: { "POST /v3/{pid}/instances": 1 } });
        expect((await client.createInstance()).status).toBe(202);
    });

    it("delay: the request is processed at once, the answer comes ms later", async () => {
        sim.addFault({ match: { method: "POST" }, times: 1, action: { type: "delay", ms: 300 } });
        const startedAt = performance.now();
        const pending = client.createInstance();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(sim.stats().instances).toBe(1); // already created while the answer is held back
        const response = await pending;
        expect(response.status).toBe(202);
        expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
    });

    it("truncate: the request is processed, the body is half of the JSON", async () => {
        sim.addFault({ match: { method: "POST" }, times: 1, action: { type: "truncate" } });
        const response = await client.createInstance();
        expect(response.status).toBe(202);
        expect(response.json).toBeUndefined();
        expect(response.text.startsWith('{"instance":{"id":"')).toBe(true);
        expect(() => JSON.parse(response.text)).toThrow();
        expect(sim.stats()).toMatchObject({ instances: 1, createRequests: 1 });
    });

    it("matches path and method, ignores control routes, and is cleared by DELETE /_sim/faults", async () => {
        expect((await postFaults([{ match: { path: "/tasks" }, action: { type: "http-error", status: 500 } }])).json.added).toBe(1);
        expect((await client.listTasks()).status).toBe(500);
        expect((await client.listInstances()).status).toBe(200);
        const stats = await new SimulatorTestClient(sim.url, { none: true }).request("GET", "/_sim/stats");
        expect(stats.status).toBe(200);
        const cleared = await new SimulatorTestClient(sim.url, { none: true }).request("DELETE", "/_sim/faults");
        expect(cleared.status).toBe(200);
        expect((await client.listTasks()).status).toBe(200);
    });

    it("rejects bad rules, naming the field, and adds none of a batch with one bad rule", async () => {
        const bad = await postFaults([
            { action: { type: "delay", ms: 10 } },
            { action: { type: "job-fail" } },
        ]);
        expect(bad.status).toBe(400);
        expect(bad.json.error_code).toBe("SIM.0001");
        expect(bad.json.error_msg).toContain("action.failReason");
        const list = await new SimulatorTestClient(sim.url, { none: true }).request<{ faults: unknown[] }>("GET", "/_sim/faults");
        expect(list.json.faults).toEqual([]);
        expect((await postFaults({ action: { type: "explode" } })).json.error_msg).toContain("action.type");
        expect((await postFaults({ match: { path: "(" }, action: { type: "reset" } })).json.error_msg).toContain("match.path");
        expect((await postFaults({ match: { jobName: "X" }, action: { type: "reset" } })).status).toBe(400);
        expect(() => sim.addFault({ times: 0, action: { type: "reset" } })).toThrow(FaultRuleError);
    });

    it("counts requests per route template in the stats, and /_sim/reset clears everything", async () => {
        const created = await client.createInstance();
        await client.getJob(created.json.job_id);
        await client.getJob(created.json.job_id);
        await client.call("DELETE", `/instances/${created.json.instance.id}`);
        await client.call("GET", "/nothing-here");
        const control = new SimulatorTestClient(sim.url, { none: true });
        const stats = await control.request<Record<string, unknown>>("GET", "/_sim/stats");
        expect(stats.json).toEqual({
            requests: {
                "POST /v3/{pid}/instances": 1,
                "GET /v3/{pid}/jobs": 2,
                "DELETE /v3/{pid}/instances/{id}": 1,
                "GET (no route)": 1,
            },
            createRequests: 1,
            instances: 1,
            instancesByProject: { [client.projectId]: 1 },
            jobs: 1,
            throttled: 0,
            faultsFired: 0,
        });
        expect((await control.request("POST", "/_sim/reset")).status).toBe(200);
        expect(sim.stats()).toEqual({ requests: {}, createRequests: 0, instances: 0, instancesByProject: {}, jobs: 0, throttled: 0, faultsFired: 0 });
    });

    it("close() does not wait for an answer held back by a delay", async () => {
        const own = await startSimulator();
        own.addFault({ action: { type: "delay", ms: 60_000 } });
        const outcome = new Promise<string>((resolve) => {
            const req = httpRequest(`${own.url}/v3/p/jobs?id=x`, { headers: { "X-Auth-Token": "simulator-token" } }, (res) => {
                res.resume();
                res.on("end", () => resolve(`status ${res.statusCode}`));
            });
            req.on("error", () => resolve("connection closed"));
            req.end();
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const startedAt = performance.now();
        await own.close();
        expect(performance.now() - startedAt).toBeLessThan(1000);
        expect(await outcome).toBe("connection closed");
    });
});

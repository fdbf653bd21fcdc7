import { JobOperationProvider } from "../../provider/resources/job-operation/job-operation-provider";
import { JobOperationRequestProvider } from "../../provider/resources/job-operation/job-operation-request-provider";
import { ResourceInitError } from "../../provider/resources/lifecycle/resource-init-error";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { simulatedRuntime, isSealed, waitOutOfBand } from "../helpers/provider-harness";

// Both halves of OtcJobOperation (the request provider and the waiting provider) as the Pulumi provider process runs
// them, against the real simulator over HTTP: real client, signing, rate limiter, waiter and progress reporter.

jest.setTimeout(60_000);

const OWNER_URN = "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:OtcJobOperation::restart";
const RESTART = "POST /v3/{pid}/instances/{id}/restart";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let sim: RunningSimulator;
beforeAll(async () => {
    sim = await startSimulator({ timeScale: 3_000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function harness(label: string) {
    const { runtime, lines, projectId, config } = simulatedRuntime(sim, label);
    const request = new JobOperationRequestProvider(runtime);
    const operation = new JobOperationProvider(runtime);
    await request.configure({ config });
    await operation.configure({ config });
    const api = new SimulatorTestClient(sim.url, undefined, projectId);
    const created = await api.createInstance({ name: `${label}-db` });
    await waitOutOfBand(api, created.json.job_id);
    const instanceId = created.json.instance.id;
    const raw = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
        ownerUrn: OWNER_URN,
        service: "gaussdb",
        create: { method: "POST", path: `/v3/{project_id}/instances/${instanceId}/restart` },
        bodies: {},
        secretPaths: {},
        triggers: ["1"],
        timeouts: {},
        __provider: "shim",
        ...overrides,
    });
    /** What check hands the engine: the inputs with defaults filled in. */
    const checkedRaw = async (overrides: Record<string, unknown> = {}) => (await request.check({}, raw(overrides))).inputs;
    const requests = () => sim.stats().requests[RESTART] ?? 0;
    /** check → create of the request half → create of the operation half, as the engine runs them. */
    const up = async (overrides: Record<string, unknown> = {}) => {
        const checked = await request.check({}, raw(overrides));
        expect(checked.failures ?? []).toEqual([]);
        const sent = await request.create(checked.inputs);
        const opInputs = (await operation.check({}, { ...checked.inputs, ...pick(sent.outs) })).inputs;
        return { sent, opInputs, done: await operation.create(opInputs) };
    };
    return { lines, request, operation, api, instanceId, raw, checkedRaw, requests, up, projectId };
}

function pick(outs: Record<string, unknown> | undefined): Record<string, unknown> {
    const { jobIds, answer, answerStatus, submittedAt, sentRequest } = outs ?? {};
    return { jobIds, answer, answerStatus, submittedAt, sentRequest };
}

test("check names each bad property and sends nothing", async () => {
    const h = await harness("check");
    const before = Object.values(sim.stats().requests).reduce((a, b) => a + b, 0);
    const cases: [Record<string, unknown>, string][] = [
        [{ create: { method: "FETCH", path: "/v3/x" } }, "create.method must be one of GET, POST, PUT, DELETE, PATCH"],
        [{ create: { method: "POST", path: "v3/x" } }, 'create.path must start with "/"'],
        [{ jobIdPointer: "job_id" }, "jobIdPointer must be a JSON pointer"],
        [{ jobIdPointer: "/a~2b" }, 'jobIdPointer must escape "~"'],
        [{ service: undefined }, "endpoint or service is required"],
        [{ service: "dds" }, "service must be one of gaussdb, rds, taurusdb"],
        [{ endpoint: "ftp://x" }, "endpoint must be an http(s) URL"],
        [{ delete: { method: "DELETE", path: "nope" } }, 'delete.path must start with "/"'],
        [{ lookup: { path: "/v3/{project_id}/tasks" } }, "lookup needs jobIdPointer"],
        [{ create: { method: "POST" } }, "create.path is required"],
    ];
    for (const [overrides, reason] of cases) {
        const result = await h.request.check({}, h.raw(overrides));
        expect(result.failures?.map((f) => f.reason).join(" | ")).toContain(reason);
        const property = reason.split(" ")[0] ?? "";
        // A nested property is named in the reason only: the engine looks a failure's property up as a top-level key.
        expect(result.failures?.[0]?.property).toBe(property.includes(".") ? "" : property);
        expect(result.failures?.[0]?.reason.startsWith(`${property} `)).toBe(true);
    }
    // Values unknown at preview are checked at pulumi up.
    expect((await h.request.check({}, h.raw({ create: { method: UNKNOWN, path: UNKNOWN } }))).failures).toBeUndefined();
    expect(Object.values(sim.stats().requests).reduce((a, b) => a + b, 0)).toBe(before);
});

test("create sends the restart once, waits for its job and records the Completed job and the answer", async () => {
    const h = await harness("restart");
    const { sent, done } = await h.up();
    expect(h.requests()).toBe(1);
    const jobIds = sent.outs["jobIds"] as string[];
    expect(jobIds).toHaveLength(1);
    expect(sent.outs["answer"]).toEqual({ job_id: jobIds[0] });
    expect(sent.outs["answerStatus"]).toBe(202);
    expect(done.outs["jobs"]).toEqual([
        expect.objectContaining({ id: jobIds[0], name: "RestartGaussDBV5Instance", status: "Completed", instance: expect.objectContaining({ id: h.instanceId }) }),
    ]);
    expect((done.outs["jobs"] as { ended?: string }[])[0]?.ended).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(h.lines.join("\n")).toMatch(/restart: RestartGaussDBV5Instance completed/);
    expect(h.lines.join("\n")).toContain(`restart: POST /v3/{project_id}/instances/${h.instanceId}/restart answered 202: job ${jobIds[0]}`);
    expect((await h.api.listInstances(`?id=${h.instanceId}`)).json.instances[0]?.status).toBe("ACTIVE");
});

test("a failed job fails with its fail_reason verbatim, first line; the next run sees it failed and sends the request again", async () => {
    const h = await harness("fail");
    const reason = "Instance reboot failed: the primary node did not come back (simulated).";
    sim.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason: reason } });
    const inputs = await h.checkedRaw();
    const sent = await h.request.create(inputs);
    const opInputs = (await h.operation.check({}, { ...inputs, ...pick(sent.outs) })).inputs;
    const error = await h.operation.create(opInputs).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.split("\n")[0]).toBe(reason);
    expect((error as Error).message).toContain("the next pulumi up sends its request again");

    // The next run: the request half is in the state, the operation half is not.
    const olds = { ...inputs, ...sent.outs } as never;
    const diff = await h.request.diff("id", olds, inputs as never);
    expect(diff).toMatchObject({ changes: true, replaces: ["jobIds"], deleteBeforeReplace: true });
    expect(h.lines.join("\n")).toMatch(/restart: job RestartGaussDBV5Instance [0-9a-f-]+ of the last create request failed; pulumi up runs the operation again/);
    await h.up();
    expect(h.requests()).toBe(2);
    // A completed job is not run again.
    expect(await h.request.diff("id", { ...inputs, ...(await h.request.create(inputs)).outs } as never, inputs as never)).toMatchObject({ changes: false });
});

test("a deadline records the pending job; the update of the next run waits for the same job, sending nothing", async () => {
    const h = await harness("deadline");
    sim.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 6_000 } });
    const error = await h.up({ timeouts: { create: "2s" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    const partial = (error as ResourceInitError).properties as Record<string, unknown>;
    const jobIds = partial["jobIds"] as string[];
    expect(partial["pendingJobs"]).toEqual([expect.objectContaining({ id: jobIds[0] })]);
    expect((error as Error).message).toMatch(/Timed out after/);
    expect((error as Error).message).toContain("no request is sent again");
    expect(partial["__provider"]).toBe("shim");
    // Partial state keeps the bodies sealed as a secret, as the success path's additionalSecretOutputs do.
    expect(isSealed(partial["bodies"])).toBe(true);

    const olds = partial as never;
    const diff = await h.operation.diff((error as ResourceInitError).id, olds, partial as never);
    expect(diff.changes).toBe(true);
    expect(diff.replaces ?? []).toEqual([]);
    const updated = await h.operation.update((error as ResourceInitError).id, olds, { ...partial, timeouts: {} });
    expect(updated.outs?.["jobs"]).toEqual([expect.objectContaining({ id: jobIds[0], status: "Completed" })]);
    expect(updated.outs?.["pendingJobs"]).toBeUndefined();
    expect(h.requests()).toBe(1);
});

test("jobsPath: the jobs are polled where it says (a wrong one fails the wait, naming the path)", async () => {
    const h = await harness("jobspath");
    const error = await h.up({ jobsPath: "/nowhere/v3/{project_id}/jobs", timeouts: { create: "20s" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as Error).message).toMatch(/GET \/nowhere\/v3\/\w+\/jobs answered 404/);
    // The served path (GaussDB is also served under /gaussdb) works.
    const { done } = await h.up({ endpoint: sim.url, service: undefined, jobsPath: "/gaussdb/v3/{project_id}/jobs" });
    expect(done.outs["jobs"]).toEqual([expect.objectContaining({ status: "Completed" })]);
});

test("lookup takes over a job already submitted instead of sending create again", async () => {
    const h = await harness("lookup");
    sim.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 3_000 } });
    // The interrupted run: its restart reached OTC, its answer never reached the state.
    const first = await h.api.call<{ job_id: string }>("POST", `/instances/${h.instanceId}/restart`, {});
    const lookup = {
        path: "/v3/{project_id}/tasks",
        query: { name: "RestartGaussDBV5Instance", status: "Running" },
        jobIdPointer: "/tasks/0/job_id",
    };
    const { sent, done } = await h.up({ lookup });
    expect(h.requests()).toBe(1);
    expect(sent.outs["sentRequest"]).toBe("lookup");
    expect(sent.outs["jobIds"]).toEqual([first.json.job_id]);
    expect(done.outs["jobs"]).toEqual([expect.objectContaining({ id: first.json.job_id, status: "Completed" })]);
    expect(h.lines.join("\n")).toMatch(/lookup GET \/v3\/\{project_id\}\/tasks found the operation already submitted \(job [0-9a-f-]+\)/);

    // Nothing running: the lookup finds nothing and the restart is sent.
    await h.up({ lookup });
    expect(h.requests()).toBe(2);
});

test("triggers: a change replaces (delete first) without update, updates in place with it; other changes send nothing", async () => {
    const h = await harness("diff");
    const { sent, done } = await h.up();
    const olds = { ...sent.outs, ...done.outs } as never;
    const replace = await h.operation.diff("id", olds, { ...(await h.checkedRaw({ triggers: ["2"] })), ...pick(sent.outs) } as never);
    expect(replace).toMatchObject({ changes: true, replaces: ["triggers"], deleteBeforeReplace: true });
    const update = { method: "POST", path: `/v3/{project_id}/instances/${h.instanceId}/restart` };
    const inPlace = await h.request.diff("id", olds, (await h.checkedRaw({ triggers: ["2"], update })) as never);
    expect(inPlace.changes).toBe(true);
    expect(inPlace.replaces).toBeUndefined();
    const recordedOnly = await h.request.diff("id", olds, (await h.checkedRaw({ timeouts: { create: "5m" } })) as never);
    expect(recordedOnly).toMatchObject({ changes: true });
    expect(recordedOnly.replaces).toBeUndefined();
    expect(await h.request.diff("id", olds, (await h.checkedRaw()) as never)).toMatchObject({ changes: false });
    // Unknown at preview: the new request's job ids. Without update, the operation half is replaced.
    expect((await h.operation.diff("id", olds, { ...(await h.checkedRaw()), jobIds: UNKNOWN } as never)).replaces).toEqual(["jobIds"]);

    // The update request of a triggers change goes out and its job is recorded.
    const updated = await h.request.update("id", olds, h.raw({ triggers: ["2"], update }));
    expect(h.requests()).toBe(2);
    expect(updated.outs?.["sentRequest"]).toBe("update");
    expect(updated.outs?.["jobIds"]).not.toEqual(sent.outs["jobIds"]);
    const waited = await h.operation.update("id", olds, { ...h.raw({ triggers: ["2"], update }), ...pick(updated.outs) });
    expect(waited.outs?.["jobs"]).toEqual([expect.objectContaining({ id: (updated.outs?.["jobIds"] as string[])[0], status: "Completed" })]);
    // A change of timeouts only: recorded, nothing sent.
    await h.request.update("id", olds, h.raw({ timeouts: { create: "5m" } }));
    expect(h.requests()).toBe(2);
});

test("delete sends the delete request and waits for its job; without one it only forgets", async () => {
    const h = await harness("delete");
    const { sent, done } = await h.up();
    await h.operation.delete("id", { ...sent.outs, ...done.outs } as never);
    expect(sim.stats().requests["DELETE /v3/{pid}/instances/{id}"] ?? 0).toBe(0);
    const del = { method: "DELETE", path: `/v3/{project_id}/instances/${h.instanceId}` };
    await h.operation.delete("id", { ...sent.outs, ...done.outs, delete: del } as never);
    expect(sim.stats().requests["DELETE /v3/{pid}/instances/{id}"]).toBe(1);
    expect(h.lines.join("\n")).toMatch(/restart: DeleteGaussDBV5Instance completed/);
    expect(sim.stats().instancesByProject[h.projectId]).toBeUndefined();
    // Gone already: a 404 counts as done.
    await h.operation.delete("id", { ...sent.outs, ...done.outs, delete: del } as never);
});

test("a secret of the body never reaches the recorded answer or an error message", async () => {
    const h = await harness("secret");
    const password = "Sup3r-Secret!pw";
    // The simulator's password reset answers {} (no job); an endpoint that echoes the body stands in via an error:
    // an unknown instance answers 404 whose message is ours; the answer check below uses the redaction directly.
    const bodies = { create: { password, note: `pw=${password}` } };
    const error = await h
        .up({ create: { method: "POST", path: "/v3/{project_id}/instances/none/password" }, bodies, secretPaths: { create: ["/password"] } })
        .catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain(password);
    const ok = await h
        .up({ create: { method: "POST", path: `/v3/{project_id}/instances/${h.instanceId}/password` }, bodies, secretPaths: { create: ["/password"] } })
        .catch((e: Error) => e);
    // The reset answers 200 {} without a job id: the error says where it looked, never the body.
    expect((ok as Error).message).toContain('no job id at jobIdPointer "/job_id"');
    expect((ok as Error).message).not.toContain(password);
});

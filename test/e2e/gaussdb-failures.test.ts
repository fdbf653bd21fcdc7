import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../../provider/simulator";
import type { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { DB_PASSWORD } from "../helpers/example-stack";
import { instancesIn } from "../helpers/pulumi-cli";
import { simulatedStacks, until } from "../helpers/simulated-stacks";
import { SECRET_MARKER } from "../helpers/pulumi-secret";

// Failures, deadlines and changes made outside Pulumi, with the real `pulumi up` against the simulator. Each
// case counts instances and create requests in the simulator. Two tests go on with the instance an earlier case left
// ACTIVE instead of creating one of their own (a stack and a `pulumi up` cost about 6 CPU-seconds); each case asserts
// what it did as a test of its own.
jest.setTimeout(300_000);

const env = simulatedStacks(300);
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});
const stackFor = env.stackFor;
const count = env.requests;

interface Listed {
    id: string;
    name: string;
    status: string;
    flavor_ref: string;
    volume: { size: number };
}
async function liveInstances(api: SimulatorTestClient): Promise<Listed[]> {
    return ((await api.listInstances()).json as { instances: Listed[] }).instances;
}

function expectSuccess(result: { code: number | null; output: string }): void {
    if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.output}`);
}

test("keepFailedInstance keeps a failed instance in state; the next up replaces it", async () => {
    const failReason = "The DB instance failed to be created because the subnet has no free IP address (simulated).";
    simulator.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason } });
    const { stack, api } = await stackFor("keep", { keepFailedInstance: "true" });

    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(failReason);
    expect(failed.output).toMatch(/was kept for inspection \(keepFailedInstance\) and is recorded in state/);
    const keptState = await stack.exportState();
    const [kept] = instancesIn(keptState);
    expect(kept?.outputs?.["status"]).toBe("FAILED");
    // Partial state is held to the success path's rule: the password only as a secret, never in plaintext.
    expect(JSON.stringify(keptState)).not.toContain(DB_PASSWORD);
    expect(kept?.outputs?.["password"]).toMatchObject(SECRET_MARKER);
    expect(kept?.outputs?.["failedJob"]).toMatchObject({ name: "CreateGaussDBV5Instance", failReason });
    const [live] = await liveInstances(api);
    expect(live?.id).toBe(kept?.id);
    expect(live?.status).toBe("FAILED");

    const replaced = await stack.up();
    expectSuccess(replaced);
    expect(replaced.output).toMatch(/replaced/);
    const after = await liveInstances(api);
    expect(after).toHaveLength(1);
    expect(after[0]?.status).toBe("ACTIVE");
    expect(after[0]?.id).not.toBe(kept?.id);
    expect(simulator.stats().createRequests).toBe(2);
    expect(instancesIn(await stack.exportState())[0]?.id).toBe(after[0]?.id);
});

test("a create past its customTimeouts deadline is recorded with its pending job; the next up resumes that job; a failed resize keeps the real flavor in state and the next up retries it; a busy instance (409) is waited for, then destroy goes through", async () => {
    simulator.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 20_000 } });
    const { stack, api, projectId } = await stackFor("deadline", { createTimeout: "4s" });

    const timedOut = await stack.up();
    expect(timedOut.code).not.toBe(0);
    expect(timedOut.output).toMatch(/Timed out after \d+s waiting for OTC job CreateGaussDBV5Instance [0-9a-f-]{36}/);
    expect(timedOut.output).toMatch(/last seen (Running at \d+%|Pending)/);
    // Progress lines, as CI logs show them.
    expect(timedOut.output).toMatch(/orders-db: CreateGaussDBV5Instance \d+% \(\d+s\)/);
    expect(timedOut.output).toMatch(/the next pulumi up waits for job [0-9a-f-]{36} again \(no new create request\)/);
    const pendingState = await stack.exportState();
    const [recorded] = instancesIn(pendingState);
    const pendingJob = recorded?.outputs?.["pendingJob"] as { id: string; name: string } | undefined;
    expect(JSON.stringify(pendingState)).not.toContain(DB_PASSWORD);
    expect(recorded?.outputs?.["password"]).toMatchObject(SECRET_MARKER);
    expect(pendingJob?.name).toBe("CreateGaussDBV5Instance");
    expect((await liveInstances(api))[0]?.status).toBe("BUILD");

    await stack.setConfig("createTimeout", "10m");
    const resumed = await stack.up();
    expectSuccess(resumed);
    expect(resumed.output).toContain(`resuming the wait for CreateGaussDBV5Instance job ${pendingJob?.id}`);
    expect(resumed.output).toMatch(/CreateGaussDBV5Instance completed/);
    expect(simulator.stats().createRequests).toBe(1);
    const [done] = instancesIn(await stack.exportState());
    expect(done?.id).toBe(recorded?.id);
    expect(done?.outputs?.["status"]).toBe("ACTIVE");
    expect(done?.outputs?.["pendingJob"]).toBeUndefined();

    // A failed resize keeps the real flavor in state and the next up retries it.
    const original = (await liveInstances(api))[0]?.flavor_ref;
    const resizeFailReason = "Resource specifications are insufficient for the new flavor (simulated).";
    simulator.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-fail", failReason: resizeFailReason } });
    await stack.setConfig("flavorRef", "gaussdb.opengauss.ee.dn.m6.8xlarge.8.in");
    const failedResize = await stack.up();
    expect(failedResize.code).not.toBe(0);
    expect(failedResize.output).toContain(resizeFailReason);
    expect(failedResize.output).toMatch(/the next pulumi up tries the change again/);
    const [afterFailedResize] = instancesIn(await stack.exportState());
    expect(afterFailedResize?.outputs?.["flavorRef"]).toBe(original);

    const retried = await stack.up();
    expectSuccess(retried);
    expect(retried.output).toMatch(/ResizeGaussDBV5Flavor completed/);
    expect((await liveInstances(api))[0]?.flavor_ref).toBe("gaussdb.opengauss.ee.dn.m6.8xlarge.8.in");
    expect(count("PUT /v3/{pid}/instances/{id}/flavor")).toBe(2);
    expect(simulator.stats().createRequests).toBe(1);

    // A busy instance (409) is waited for, then the operation goes through.
    const [live] = await liveInstances(api);
    // Another operation starts outside Pulumi and runs 12 s.
    simulator.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-duration", ms: 12_000 } });
    const busyResize = await api.call("PUT", `/instances/${live?.id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" });
    expect(busyResize.status).toBe(202);

    const destroyed = await stack.destroy();
    expectSuccess(destroyed);
    expect(destroyed.output).toMatch(/instance busy with another operation/);
    expect(count("DELETE /v3/{pid}/instances/{id}")).toBeGreaterThanOrEqual(2);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
});

test("a failed delete job fails destroy and keeps the resource; an instance already gone is success", async () => {
    const { stack, api, projectId } = await stackFor("delete");
    expectSuccess(await stack.up());

    const failReason = "The DB instance is locked by a running backup (simulated).";
    simulator.addFault({ match: { jobName: "DeleteGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason } });
    const failed = await stack.destroy();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(failReason);
    expect(instancesIn(await stack.exportState())).toHaveLength(1);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);

    // Deleted behind Pulumi's back: destroy still succeeds.
    const [live] = await liveInstances(api);
    await api.call("DELETE", `/instances/${live?.id}`);
    await until(async () => (await liveInstances(api)).length === 0, "the instance to be gone");
    const destroyed = await stack.destroy();
    expectSuccess(destroyed);
    expect(destroyed.output).toMatch(/is already gone/);
    expect(instancesIn(await stack.exportState())).toHaveLength(0);
});

test("SIGTERM lets the running create finish and records it; refresh notices a flavor changed and an instance deleted outside Pulumi", async () => {
    const { stack, api } = await stackFor("sigterm");
    const { child, result } = stack.spawnUp();
    await until(() => simulator.stats().createRequests === 1, "the create request");
    process.kill(-child.pid!, "SIGTERM");
    await result;
    const [recorded] = instancesIn(await stack.exportState());
    const live = await liveInstances(api);
    expect(live).toHaveLength(1);
    expect(recorded?.id).toBe(live[0]?.id);
    expectSuccess(await stack.up());
    expect(simulator.stats().createRequests).toBe(1);

    // Refresh notices a flavor changed and an instance deleted outside Pulumi.
    const [instance] = await liveInstances(api);
    await api.call("PUT", `/instances/${instance?.id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" });
    await until(async () => (await liveInstances(api))[0]?.status === "ACTIVE", "the resize to end");

    expectSuccess(await stack.refresh());
    const refreshedState = await stack.exportState();
    expect(JSON.stringify(refreshedState)).not.toContain(DB_PASSWORD);
    const [refreshed] = instancesIn(refreshedState);
    expect(refreshed?.outputs?.["flavorRef"]).toBe("gaussdb.opengauss.ee.dn.m6.4xlarge.8.in");
    const drift = await stack.preview(["--diff"]);
    expect(drift.output).toMatch(/GaussDbInstance: \(update\)/);
    expect(drift.output).toMatch(/~ flavorRef\s*: "gaussdb\.opengauss\.ee\.dn\.m6\.4xlarge\.8\.in" => "gaussdb\.opengauss\.ee\.dn\.m6\.2xlarge\.8\.in"/);

    await api.call("DELETE", `/instances/${instance?.id}`);
    await until(async () => (await liveInstances(api)).length === 0, "the instance to be gone");
    expectSuccess(await stack.refresh());
    expect(instancesIn(await stack.exportState())).toHaveLength(0);
});

test("secrets from stack config never reach the state, the output or an error", async () => {
    const { stack } = await stackFor("secrets", { "otc:accessKey": SIMULATOR_CREDENTIALS.accessKey }, {
        env: { OS_ACCESS_KEY: "", OS_SECRET_KEY: "" },
    });
    await stack.setConfig("otc:secretKey", SIMULATOR_CREDENTIALS.secretKey, true);
    const created = await stack.up();
    expectSuccess(created);
    const state = JSON.stringify(await stack.exportState());
    for (const secret of [SIMULATOR_CREDENTIALS.secretKey, DB_PASSWORD]) {
        expect(state).not.toContain(secret);
        expect(created.output).not.toContain(secret);
    }

    // A wrong secret key: OTC rejects the signature; the error says so without quoting either key.
    const wrongSecret = "wrong-secret-key-0123456789";
    await stack.setConfig("otc:secretKey", wrongSecret, true);
    await stack.setConfig("volumeSize", "80");
    const rejected = await stack.up();
    expect(rejected.code).not.toBe(0);
    expect(rejected.output).toMatch(/401: APIGW\.0301/);
    expect(rejected.output).not.toContain(wrongSecret);
    expect(rejected.output).not.toContain(SIMULATOR_CREDENTIALS.secretKey);
    expect(JSON.stringify(await stack.exportState())).not.toContain(wrongSecret);
});

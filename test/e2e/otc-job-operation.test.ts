import { join } from "node:path";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { DB_PASSWORD, uniqueProjectId } from "../helpers/example-stack";
import { commandLineOf, descendantsOf, isAlive, killQuietly, REPO_ROOT, type RunResult, TestStack } from "../helpers/pulumi-cli";
import { until } from "../helpers/simulated-stacks";

// examples/otc-job-operation (a GaussDbInstance and an OtcJobOperation restarting it) with the real Pulumi CLI
// against the simulator: the restart is sent once and waited for, a trigger change runs it again, a failed job
// fails `pulumi up` with its fail_reason, bad input fails preview, and a killed `pulumi up` is resumed.
jest.setTimeout(300_000);

const RESTART = "POST /v3/{pid}/instances/{id}/restart";
const PROJECT_DIR = join(REPO_ROOT, "examples", "otc-job-operation");

let simulator: RunningSimulator;
const stacks: TestStack[] = [];
beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 300 });
});
afterAll(async () => {
    for (const stack of stacks) stack.cleanup();
    await simulator?.close();
});
beforeEach(() => simulator.reset());

async function stackFor(label: string, config: Record<string, string> = {}) {
    const projectId = uniqueProjectId(label);
    const stack = await TestStack.create({
        projectDir: PROJECT_DIR,
        config: { "otc:endpoint": simulator.endpoint, "otc:region": "eu-de", ...config },
        secrets: { dbPassword: DB_PASSWORD },
        env: { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey, OS_PROJECT_ID: projectId },
    });
    stacks.push(stack);
    return { stack, projectId, api: new SimulatorTestClient(simulator.url, undefined, projectId) };
}

const restarts = () => simulator.stats().requests[RESTART] ?? 0;
const allRequests = () => Object.values(simulator.stats().requests).reduce((a, b) => a + b, 0);

function expectSuccess(result: RunResult): void {
    if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.output}`);
}

interface RecordedJob {
    id: string;
    name: string;
    status: string;
    ended?: string;
}

test("up restarts the instance once and waits for the job; a trigger change restarts it again; destroy leaves nothing", async () => {
    // A restart long enough to report progress (unscaled it takes minutes).
    simulator.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 5_000 } });
    const { stack, projectId } = await stackFor("restart");
    const first = await stack.up();
    expectSuccess(first);
    expect(restarts()).toBe(1);
    // The progress lines of the wait, as CI logs show them, and the request with its job.
    expect(first.output).toMatch(/orders-db-restart: POST \/v3\/\{project_id\}\/instances\/\w+\/restart answered 202: job [0-9a-f-]{36}/);
    expect(first.output).toMatch(/orders-db-restart: RestartGaussDBV5Instance \d+% \(\d+s\)/);
    expect(first.output).toMatch(/orders-db-restart: RestartGaussDBV5Instance completed \(\d+s\)/);
    const outputs = await stack.outputs();
    const [job] = outputs["restartJobs"] as RecordedJob[];
    expect(job).toMatchObject({ name: "RestartGaussDBV5Instance", status: "Completed" });
    expect(job?.ended).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(outputs["restartAnswer"]).toEqual({ job_id: job?.id });
    expect(outputs["restartRequest"]).toBe("create");
    expect(JSON.stringify(await stack.exportState())).not.toContain(DB_PASSWORD);

    const again = await stack.up();
    expectSuccess(again);
    expect(restarts()).toBe(1);

    await stack.setConfig("restartTrigger", "parameters-changed");
    const rerun = await stack.up();
    expectSuccess(rerun);
    expect(rerun.output).toMatch(/orders-db-restart\s.*replaced/);
    expect(restarts()).toBe(2);
    const [second] = (await stack.outputs())["restartJobs"] as RecordedJob[];
    expect(second).toMatchObject({ name: "RestartGaussDBV5Instance", status: "Completed" });
    expect(second?.id).not.toBe(job?.id);

    expectSuccess(await stack.destroy());
    expect(restarts()).toBe(2);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
});

test("a failed restart job fails pulumi up with its fail_reason verbatim; the next up restarts again", async () => {
    const failReason = "The DB instance failed to reboot: the primary node did not come back within 600s (simulated).";
    simulator.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason } });
    const { stack, api } = await stackFor("fail");
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(failReason);
    expect(failed.output).toMatch(/orders-db-restart: RestartGaussDBV5Instance FAILED: The DB instance failed to reboot/);
    expect(restarts()).toBe(1);
    // The instance is back to ACTIVE (a failed restart changes nothing) and is the only one.
    const listed = (await api.listInstances()).json.instances;
    expect(listed.map((i) => i.status)).toEqual(["ACTIVE"]);
    // Recorded: the request half (its job id); not recorded: the operation, which did not succeed.
    const types = (await stack.exportState()).deployment.resources?.map((r) => r.type) ?? [];
    expect(types).toContain("pulumi-nodejs:dynamic/otc-jobs:OtcJobOperationRequest");
    expect(types).not.toContain("pulumi-nodejs:dynamic/otc-jobs:OtcJobOperation");

    // The next up sees the failed job and restarts again (the fault fired once: this time it completes).
    const retried = await stack.up();
    expectSuccess(retried);
    expect(retried.output).toMatch(/orders-db-restart: job RestartGaussDBV5Instance [0-9a-f-]{36} of the last create request failed; pulumi up runs the operation again/);
    expect(restarts()).toBe(2);
    expect(((await stack.outputs())["restartJobs"] as RecordedJob[])[0]).toMatchObject({ status: "Completed" });
    expectSuccess(await stack.destroy());
});

test("invalid input fails pulumi preview naming each property, with no request sent", async () => {
    const { stack } = await stackFor("invalid", { restartMethod: "FETCH", jobIdPointer: "job_id" });
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain("create.method must be one of GET, POST, PUT, DELETE, PATCH");
    expect(preview.output).toContain('jobIdPointer must be a JSON pointer: "" or starting with "/"');
    expect(allRequests()).toBe(0);
});

test("pulumi up killed while waiting: the next up waits for the same restart job, sending no second restart", async () => {
    simulator.addFault({ match: { jobName: "RestartGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 25_000 } });
    const { stack, api } = await stackFor("kill");
    const { child, result } = stack.spawnUp();
    await until(() => restarts() === 1, "the restart request", 120_000);
    const jobId = await restartJobOf(api);
    // The wait has begun once the request half's answer is in the checkpoint.
    await until(() => stack.checkpointText().includes(jobId), "the restart's job id in the checkpoint", 60_000);
    const tree = descendantsOf(child.pid!);
    const providers = tree.filter((pid) => /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(commandLineOf(pid)));
    process.kill(-child.pid!, "SIGKILL");
    const killed = await result;
    expect(killed.code === 0).toBe(false);
    await until(() => providers.every((pid) => !isAlive(pid)), "the orphaned provider to exit", 20_000);
    const checkpoint = JSON.stringify(await stack.exportState());
    expect(checkpoint).toContain(jobId);

    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    expectSuccess(resumed);
    expect(resumed.output).toContain(`waiting again for job ${jobId}, submitted by an earlier run`);
    expect(restarts()).toBe(1);
    const [job] = (await stack.outputs())["restartJobs"] as RecordedJob[];
    expect(job).toMatchObject({ id: jobId, name: "RestartGaussDBV5Instance", status: "Completed" });

    expectSuccess(await stack.refresh(["--clear-pending-creates"]));
    expectSuccess(await stack.destroy());
    expect(restarts()).toBe(1);
    killQuietly(tree, "SIGKILL");
});

/** The id of the project's restart job, from the task list. */
async function restartJobOf(api: SimulatorTestClient): Promise<string> {
    const [task] = (await api.listTasks("?name=RestartGaussDBV5Instance")).json.tasks;
    if (!task) throw new Error("no restart job in the task list");
    return task.job_id;
}

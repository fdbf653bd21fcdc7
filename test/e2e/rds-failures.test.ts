import type { RunningSimulator } from "../../provider/simulator";
import { commandLineOf, descendantsOf, isAlive, killQuietly } from "../helpers/pulumi-cli";
import { type ListedRdsInstance, rdsResourcesIn, rdsStacks } from "../helpers/rds-stacks";
import { until } from "../helpers/simulated-stacks";

// RDS failures and interruptions with the real `pulumi` CLI against the simulator: a failing create job, invalid
// inputs, and a `pulumi up` killed mid-create.
jest.setTimeout(300_000);

const { env, stackFor, recordsIn } = rdsStacks(300);
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});

function expectSuccess(result: { code: number | null; output: string }): void {
    if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.output}`);
}

test("a failing create job fails pulumi up with its fail_reason verbatim and leaves no instance", async () => {
    const failReason = "createVM failed. Insufficient capacity for rds.mysql.n1.large.2 in eu-de-01 (simulated).";
    simulator.addFault({ match: { jobName: "CreateMysqlSingleHAInstance" }, action: { type: "job-fail", failReason, atPercent: 40 } });
    const { stack, projectId, rds } = await stackFor("rdsfail");

    const result = await stack.up();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(failReason);
    expect(result.output).toMatch(/CreateMysqlSingleHAInstance [0-9a-f-]{36} on instance shop-db-[0-9a-f]{8}/);
    expect(result.output).toMatch(/was deleted; nothing was recorded in state/);
    expect(recordsIn(projectId)).toBeUndefined();
    expect((await rds.call<{ total_count: number }>("GET", "/instances")).json.total_count).toBe(0);
    const state = await stack.exportState();
    expect(rdsResourcesIn(state, "RdsInstance")).toHaveLength(0);
    expect(rdsResourcesIn(state, "RdsBackup")).toHaveLength(0);
});

test.each([
    ["a volume size not a multiple of 10", { volumeSize: "45" }, /volume\.size must be a multiple of 10 GB/],
    ["an unknown engine", { engine: "Oracle" }, /engine must be one of MySQL, PostgreSQL, SQLServer/],
    ["a flavor of another engine's shape", { flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in" }, /flavorRef must be an RDS spec code/],
    ["a valid PostgreSQL program (control)", { engine: "PostgreSQL", engineVersion: "16", flavorRef: "rds.pg.n1.large.2" }, null],
])("%s: pulumi preview names the property (or passes), with no request sent", async (_label, config, message) => {
    const { stack } = await stackFor("rdsinvalid", config);
    const result = await stack.preview();
    if (message === null) {
        // The control case: a valid PostgreSQL program previews fine, still without a request.
        expectSuccess(result);
    } else {
        expect(result.code).not.toBe(0);
        expect(result.output).toMatch(message);
    }
    expect(Object.values(simulator.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);
});

test("pulumi up SIGKILLed mid-create: the next up adopts the instance, exactly one exists, destroy leaves none", async () => {
    // A create long enough to be interrupted at this time scale.
    simulator.addFault({ match: { jobName: "CreateMysqlSingleHAInstance" }, times: 1, action: { type: "job-duration", ms: 20_000 } });
    const { stack, projectId, rds } = await stackFor("rdskill", { backup: "false" });
    const { child, result } = stack.spawnUp();
    await until(() => simulator.stats().createRequests === 1, "the create request");
    const tree = descendantsOf(child.pid!);
    expect(tree.some((pid) => /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(commandLineOf(pid)))).toBe(true);
    process.kill(-child.pid!, "SIGKILL");
    const killed = await result;
    expect(killed.code === 0).toBe(false);
    expect(recordsIn(projectId)).toBe(1);

    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    expectSuccess(resumed);
    expect(resumed.output).toMatch(/adopting instance shop-db-[0-9a-f]{8} \(\w+, status (BUILD|ACTIVE)\) created by an earlier, interrupted run/);
    // The create job of the adopted instance is found in the instant-task list and waited for.
    expect(resumed.output).toMatch(/CreateMysqlSingleHAInstance (completed|[0-9a-f-]{36})/);
    expect(env.requests("GET /rds/v3/{pid}/tasklist")).toBeGreaterThan(0);
    expect(simulator.stats().createRequests).toBe(1);
    const listed = (await rds.call<{ instances: ListedRdsInstance[] }>("GET", "/instances")).json.instances;
    expect(listed).toHaveLength(1);
    expect(listed[0]?.status).toBe("ACTIVE");
    const state = rdsResourcesIn(await stack.exportState(), "RdsInstance");
    expect(state).toHaveLength(1);
    expect(state[0]?.id).toBe(listed[0]?.id);

    expect((await stack.refresh(["--clear-pending-creates"])).code).toBe(0);
    expectSuccess(await stack.destroy());
    expect(recordsIn(projectId)).toBeUndefined();
    await until(() => tree.every((pid) => !isAlive(pid) || !/pulumi/.test(commandLineOf(pid))), "the killed processes to go", 20_000).catch(() => undefined);
    killQuietly(tree, "SIGKILL");
});

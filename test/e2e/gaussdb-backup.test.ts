import { join } from "node:path";
import type { RunningSimulator } from "../../provider/simulator";
import type { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { DB_PASSWORD } from "../helpers/example-stack";
import { descendantsOf, killQuietly, REPO_ROOT, type StackExport } from "../helpers/pulumi-cli";
import { simulatedStacks, until } from "../helpers/simulated-stacks";

// GaussDbBackup and GaussDbInstance's restoreFrom with the real `pulumi` CLI against the simulator, running the
// example in examples/gaussdb-backup (an instance, a backup of it, an instance restored from the backup).
jest.setTimeout(300_000);

const PROJECT_DIR = join(REPO_ROOT, "examples", "gaussdb-backup");
const BACKUP_TYPE = "pulumi-nodejs:dynamic/otc-jobs:GaussDbBackup";
const INSTANCE_TYPE = "pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance";
const BACKUP_JOB = "BackupSnapshotGaussDBV5InInstance";

const env = simulatedStacks(300);
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});

const stackFor = (label: string, config: Record<string, string> = {}) =>
    env.stackFor(label, { "otc:endpoint": env.simulator.endpoint, ...config }, { projectDir: PROJECT_DIR });

interface ListedBackup {
    id: string;
    name: string;
    status: string;
    instance_id: string;
}
async function liveBackups(api: SimulatorTestClient): Promise<ListedBackup[]> {
    return (await api.call<{ backups: ListedBackup[] }>("GET", "/backups")).json.backups;
}
async function liveInstances(api: SimulatorTestClient): Promise<{ id: string; status: string }[]> {
    return (await api.listInstances()).json.instances;
}
function ofType(state: StackExport, type: string) {
    return (state.deployment.resources ?? []).filter((r) => r.type === type);
}
function expectSuccess(result: { code: number | null; output: string }): void {
    if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.output}`);
}

test("pulumi up backs up an instance and restores the backup into a new instance; destroy leaves nothing", async () => {
    const { stack, api } = await stackFor("backup");
    const created = await stack.up();
    expectSuccess(created);
    expect(created.output).toMatch(/orders-backup: BackupSnapshotGaussDBV5InInstance completed/);
    expect(created.output).toMatch(/orders-db-restored: CloneGaussDBV5NewInstance completed/);
    expect(created.output).not.toContain(DB_PASSWORD);

    const outputs = await stack.outputs();
    const [backup] = await liveBackups(api);
    expect(backup).toMatchObject({ id: outputs["backupId"], name: outputs["backupName"], status: "COMPLETED", instance_id: outputs["sourceInstanceId"] });
    expect(outputs["backupName"]).toMatch(/^orders-backup-[0-9a-f]{8}$/);
    expect(outputs["backupStatus"]).toBe("COMPLETED");
    expect(outputs["backupSizeMb"]).toBeGreaterThan(0);
    expect(outputs["backupBeginTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(outputs["backupEndTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const instances = await liveInstances(api);
    expect(instances.map((i) => i.status)).toEqual(["ACTIVE", "ACTIVE"]);
    const restoreTasks = (await api.listTasks("?name=CloneGaussDBV5NewInstance")).json.tasks;
    expect(restoreTasks.map((t) => t.instance_info.instance_id)).toEqual([outputs["restoredInstanceId"]]);
    const state = await stack.exportState();
    expect(ofType(state, BACKUP_TYPE).map((r) => r.id)).toEqual([backup?.id]);
    expect(JSON.stringify(state)).not.toContain(DB_PASSWORD);

    // Nothing to change: the second run sends no mutation.
    const again = await stack.up();
    expectSuccess(again);
    expect(again.output).not.toMatch(/\b(created|updated|replaced|deleted)\b/);
    expect(simulator.stats().requests["POST /v3/{pid}/backups"]).toBe(1);

    const destroyed = await stack.destroy();
    expectSuccess(destroyed);
    expect(await liveInstances(api)).toEqual([]);
    expect(await liveBackups(api)).toEqual([]);
    expect(ofType(await stack.exportState(), BACKUP_TYPE)).toHaveLength(0);
});

// The SIGKILL case goes on with the instance the failed backup left (a stack and a create cost about 6 CPU-seconds).
test("a failing backup job fails pulumi up with its fail_reason verbatim and leaves no backup; pulumi up killed by SIGKILL mid-backup: the next up adopts the backup, exactly one exists", async () => {
    const failReason = "Backup failed: the instance's WAL archive could not be read (simulated).";
    simulator.addFault({ match: { jobName: BACKUP_JOB }, times: 1, action: { type: "job-fail", failReason } });
    const { stack, api } = await stackFor("failing");
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(failReason);
    expect(await liveBackups(api)).toEqual([]);
    const state = await stack.exportState();
    expect(ofType(state, BACKUP_TYPE)).toHaveLength(0);
    // The restore, which needs the backup, never started; the source instance is untouched.
    expect(ofType(state, INSTANCE_TYPE)).toHaveLength(1);
    expect((await liveInstances(api)).map((i) => i.status)).toEqual(["ACTIVE"]);
    expect(simulator.stats().requests["POST /v3/{pid}/backups"]).toBe(1);

    // pulumi up killed by SIGKILL mid-backup: the next up adopts the backup, exactly one exists. The backup job runs
    // 15 s, long enough to kill the run in the middle of it.
    simulator.addFault({ match: { jobName: BACKUP_JOB }, times: 1, action: { type: "job-duration", ms: 15_000 } });
    const { child, result } = stack.spawnUp();
    await until(() => (simulator.stats().requests["POST /v3/{pid}/backups"] ?? 0) === 2, "the backup request", 120_000);
    const tree = descendantsOf(child.pid!);
    process.kill(-child.pid!, "SIGKILL");
    const killed = await result;
    expect(killed.code === 0).toBe(false);
    expect((await liveBackups(api)).map((b) => b.status)).toEqual(["BUILDING"]);

    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    expectSuccess(resumed);
    expect(resumed.output).toMatch(/orders-backup: adopting instance orders-backup-[0-9a-f]{8} \(\w+, status (BUILDING|COMPLETED)\)/);
    const backups = await liveBackups(api);
    expect(backups).toHaveLength(1);
    expect(backups[0]?.status).toBe("COMPLETED");
    // No backup request besides the failed one and the interrupted one.
    expect(simulator.stats().requests["POST /v3/{pid}/backups"]).toBe(2);
    expect(ofType(await stack.exportState(), BACKUP_TYPE).map((r) => r.id)).toEqual([backups[0]?.id]);

    expectSuccess(await stack.destroy());
    expect(await liveBackups(api)).toEqual([]);
    expect(await liveInstances(api)).toEqual([]);
    killQuietly(tree, "SIGKILL");
});

test.each([
    ["an empty instanceId", { backupInstanceId: "" }, /instanceId must not be empty/],
    ["a restoreTime that is not a number", { restoreFrom: '{"instanceId":"x","restoreTime":"yesterday"}' }, /restoreFrom\.restoreTime must be a number/],
])("pulumi preview refuses %s, naming the property, and sends no request", async (_label, config, message) => {
    const { stack } = await stackFor("invalid", config);
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(message);
    expect(simulator.stats().requests).toEqual({});
});

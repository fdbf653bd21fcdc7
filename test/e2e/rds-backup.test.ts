import type { RunningSimulator } from "../../provider/simulator";
import { descendantsOf, killQuietly } from "../helpers/pulumi-cli";
import { type ListedRdsInstance, rdsResourcesIn, rdsStacks } from "../helpers/rds-stacks";
import { until } from "../helpers/simulated-stacks";

// RdsBackup with the real `pulumi` CLI against the simulator: a failing backup job, invalid input, and a `pulumi up`
// killed while its backup job runs (the next `pulumi up` must adopt that backup, whose name carries this resource's
// ownership token, instead of taking a second one).
jest.setTimeout(300_000);

const { env, stackFor, recordsIn } = rdsStacks(300);
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});

interface ListedRdsBackup {
    id: string;
    name: string;
    status: string;
}

test("a failing backup job fails pulumi up with its fail_reason verbatim and leaves no backup", async () => {
    const failReason = "Backup failed: the OBS bucket for backups is not reachable (simulated).";
    simulator.addFault({ match: { jobName: "BackupMysqlInInstance" }, times: 1, action: { type: "job-fail", failReason, atPercent: 50 } });
    const { stack, projectId, rds } = await stackFor("rdsbfail");
    const failed = await stack.up();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(failReason);
    const [instance] = (await rds.call<{ instances: ListedRdsInstance[] }>("GET", "/instances")).json.instances;
    expect(instance?.status).toBe("ACTIVE");
    const listed = (await rds.call<{ backups: ListedRdsBackup[] }>("GET", `/backups?instance_id=${instance?.id ?? ""}`)).json.backups;
    expect(listed).toEqual([]);
    expect(rdsResourcesIn(await stack.exportState(), "RdsBackup")).toHaveLength(0);

    expect((await stack.destroy()).code).toBe(0);
    expect(recordsIn(projectId)).toBeUndefined();
});

test("an invalid backup description fails pulumi preview naming the property, with no request sent", async () => {
    const { stack } = await stackFor("rdsbcheck", { backupDescription: "nightly <full>" });
    const before = Object.values(simulator.stats().requests).reduce((sum, n) => sum + n, 0);
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/description must not contain any of/);
    expect(Object.values(simulator.stats().requests).reduce((sum, n) => sum + n, 0)).toBe(before);
});

test("pulumi up SIGKILLed mid-backup: the next up adopts the backup, exactly one exists, destroy leaves none", async () => {
    simulator.addFault({ match: { jobName: "BackupMysqlInInstance" }, times: 1, action: { type: "job-duration", ms: 20_000 } });
    const { stack, projectId, rds } = await stackFor("rdsbkill");
    const { child, result } = stack.spawnUp();
    await until(() => env.requests("POST /rds/v3/{pid}/backups") === 1, "the backup request", 120_000);
    const tree = descendantsOf(child.pid!);
    process.kill(-child.pid!, "SIGKILL");
    expect((await result).code === 0).toBe(false);

    const [instance] = (await rds.call<{ instances: ListedRdsInstance[] }>("GET", "/instances")).json.instances;
    expect(instance?.status).toBe("BACKING UP");
    const backups = async () =>
        (await rds.call<{ backups: ListedRdsBackup[] }>("GET", `/backups?instance_id=${instance?.id ?? ""}`)).json.backups;
    expect((await backups()).map((b) => b.status)).toEqual(["BUILDING"]);

    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    if (resumed.code !== 0) throw new Error(`pulumi up exited ${resumed.code}:\n${resumed.output}`);
    expect(resumed.output).toMatch(/shop-db-backup: adopting instance shop-db-backup-[0-9a-f]{8}/);
    expect(env.requests("POST /rds/v3/{pid}/backups")).toBe(1);
    const after = await backups();
    expect(after).toHaveLength(1);
    expect(after[0]?.status).toBe("COMPLETED");
    const recorded = rdsResourcesIn(await stack.exportState(), "RdsBackup");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.id).toBe(`${instance?.id ?? ""}/${after[0]?.id ?? ""}`);

    expect((await stack.refresh(["--clear-pending-creates"])).code).toBe(0);
    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(recordsIn(projectId)).toBeUndefined();
    killQuietly(tree, "SIGKILL");
});

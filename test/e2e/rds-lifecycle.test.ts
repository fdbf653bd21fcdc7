import type { RunningSimulator } from "../../provider/simulator";
import { DB_PASSWORD } from "../helpers/example-stack";
import { type ListedRdsInstance, rdsResourcesIn, rdsStacks } from "../helpers/rds-stacks";

// The real Pulumi CLI running examples/rds-instance (an RdsInstance and an RdsBackup) against the simulator's RDS
// service over loopback HTTP.
jest.setTimeout(240_000);

const { env, stackFor, recordsIn } = rdsStacks(300); // a 10-minute create takes 2 s, a 6-minute resize 1.2 s
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});

function expectSuccess(result: { code: number | null; output: string }): void {
    if (result.code !== 0) throw new Error(`pulumi exited ${result.code}:\n${result.output}`);
}

test("create an instance and its backup, resize and enlarge in place, then destroy leaves nothing", async () => {
    const { stack, projectId, rds } = await stackFor("rdslife");

    const created = await stack.up();
    expectSuccess(created);
    expect(created.output).toMatch(/shop-db: CreateMysqlSingleHAInstance completed/);
    expect(created.output).toMatch(/shop-db-backup: BackupMysqlInInstance completed/);
    expect(simulator.stats().createRequests).toBe(1);
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ status: "ACTIVE", port: 3306, backupStatus: "COMPLETED" });
    expect(outputs["instanceName"]).toMatch(/^shop-db-[0-9a-f]{8}$/);
    expect(outputs["backupSize"]).toBeGreaterThan(0);
    const state = await stack.exportState();
    const [instance] = rdsResourcesIn(state, "RdsInstance");
    const [backup] = rdsResourcesIn(state, "RdsBackup");
    // The backup is addressed as <instance id>/<backup id>, and named with its ownership suffix.
    expect(backup?.id).toBe(`${instance?.id}/${outputs["backupId"]}`);
    expect(backup?.outputs?.["instanceName"]).toMatch(/^shop-db-backup-[0-9a-f]{8}$/);
    expect(JSON.stringify(state)).not.toContain(DB_PASSWORD);
    const listedBackups = await rds.call<{ backups: { id: string; status: string }[] }>("GET", `/backups?instance_id=${instance?.id}`);
    expect(listedBackups.json.backups).toEqual([expect.objectContaining({ id: outputs["backupId"], status: "COMPLETED" })]);

    await stack.setConfig("flavorRef", "rds.mysql.n1.xlarge.2");
    await stack.setConfig("volumeSize", "60");
    const resized = await stack.up();
    expectSuccess(resized);
    expect(resized.output).toMatch(/ResizeMysqlFlavor completed/);
    expect(resized.output).toMatch(/EnlargeMysqlVolume completed/);
    expect(env.requests("POST /rds/v3/{pid}/instances/{id}/action")).toBe(2);
    expect(simulator.stats().createRequests).toBe(1);
    expect(await stack.outputs()).toMatchObject({ flavor: "rds.mysql.n1.xlarge.2", volumeSize: 60 });
    const [live] = (await rds.call<{ instances: ListedRdsInstance[] }>("GET", "/instances")).json.instances;
    expect(live).toMatchObject({ status: "ACTIVE", flavor_ref: "rds.mysql.n1.xlarge.2", volume: { size: 60 } });

    const again = await stack.up();
    expectSuccess(again);
    expect(again.output).toMatch(/4 unchanged/); // the stack, the instance, the backup, the stack's ownership key

    // A shrink is refused at preview; a change RDS cannot make in place says the database would be deleted.
    await stack.setConfig("volumeSize", "50");
    const shrink = await stack.preview();
    expect(shrink.code).not.toBe(0);
    expect(shrink.output).toMatch(/volume\.size cannot shrink from 60 GB to 50 GB/);
    await stack.setConfig("volumeSize", "60");
    await stack.setConfig("engineVersion", "5.7");
    const replacing = await stack.preview(["--diff"]);
    expect(replacing.code).toBe(0);
    expect(replacing.output).toMatch(/WARNING: changing engineVersion replaces the RdsInstance: instance shop-db-[0-9a-f]{8} \(\w+\) and all its data are DELETED/);
    await stack.setConfig("engineVersion", "8.0");

    const destroyed = await stack.destroy();
    expectSuccess(destroyed);
    expect(destroyed.output).toMatch(/DeleteMysqlInstance completed/);
    expect(recordsIn(projectId)).toBeUndefined();
    expect((await rds.call<{ total_count: number }>("GET", "/instances")).json.total_count).toBe(0);
    expect((await rds.call<{ total_count: number }>("GET", `/backups?instance_id=${instance?.id}`)).json.total_count).toBe(0);
});

test("restoring a backup into a new instance waits for the restore job", async () => {
    const { stack, projectId, rds } = await stackFor("rdsrestore", { engine: "PostgreSQL", engineVersion: "16", flavorRef: "rds.pg.n1.large.2", restore: "true" });
    const result = await stack.up();
    expectSuccess(result);
    expect(result.output).toMatch(/shop-db-backup: BackupPostgresqlInInstance completed/);
    expect(result.output).toMatch(/shop-db-restored: RestorePostgresqlNewInstance completed/);
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ restoredStatus: "ACTIVE", port: 5432 });
    const listed = (await rds.call<{ instances: ListedRdsInstance[] }>("GET", "/instances")).json.instances;
    expect(listed).toHaveLength(2);
    const restored = listed.find((i) => i.id === outputs["restoredId"]);
    expect(restored).toMatchObject({ status: "ACTIVE", datastore: { type: "PostgreSQL", version: "16" } });
    expect(simulator.stats().createRequests).toBe(2);
    // The restore's own request: a restore_point naming the backup, no datastore.
    expect(env.requests("POST /rds/v3/{pid}/instances")).toBe(2);

    expectSuccess(await stack.destroy());
    expect(recordsIn(projectId)).toBeUndefined();
});

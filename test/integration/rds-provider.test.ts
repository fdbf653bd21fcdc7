import { LifecycleProvider } from "../../provider/resources/lifecycle/lifecycle-provider";
import { rdsBackupAdapter } from "../../provider/resources/rds-backup/rds-backup-adapter";
import { rdsInstanceAdapter } from "../../provider/resources/rds-instance/rds-instance-adapter";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { simulatedRuntime, unsealed } from "../helpers/provider-harness";
import { engineFields, instanceInputs, OWNERSHIP } from "../helpers/rds-provider-inputs";
import { SECRET_MARKER } from "../helpers/pulumi-secret";

// The RdsInstance and RdsBackup providers in-process (the lifecycle engine with the RDS adapters), against the
// simulator's RDS service over real HTTP: checks, the password reset, and the backup's adoption and failure paths.

jest.setTimeout(60_000);

function backupInputs(instanceId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "shop-backup",
        instanceId,
        ownerUrn: "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:RdsBackup::shop-backup",
        ...engineFields,
        ...overrides,
    };
}

let sim: RunningSimulator;
beforeAll(async () => {
    sim = await startSimulator({ timeScale: 3_000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function harness(label: string) {
    const { runtime, lines, projectId, config } = simulatedRuntime(sim, label);
    const instances = new LifecycleProvider(rdsInstanceAdapter, runtime);
    const backups = new LifecycleProvider(rdsBackupAdapter, runtime);
    await instances.configure({ config });
    const rds = new SimulatorTestClient(`${sim.url}/rds`, undefined, projectId);
    const requests = (route: string) => sim.stats().requests[route] ?? 0;
    return { instances, backups, rds, lines, requests };
}

type Harness = Awaited<ReturnType<typeof harness>>;

async function createInstance(h: Harness, overrides: Record<string, unknown> = {}) {
    const checked = await h.instances.check({}, instanceInputs(overrides));
    expect(checked.failures ?? []).toEqual([]);
    const created = await h.instances.create(checked.inputs as never);
    return { id: created.id, outs: unsealed(created.outs as Record<string, unknown>) };
}

test("check names each bad property, across engine rules, without quoting the password or sending a request", async () => {
    const h = await harness("rdscheck");
    const { failures } = await h.instances.check({}, instanceInputs({
        engine: "PostgreSQL",
        engineVersion: "8.0x",
        flavorRef: "rds.pg.n1.large.2",
        ha: { replicationMode: "semisync" },
        availabilityZones: ["eu-de-01"],
        port: 3306,
        password: "Shop()Db2024",
        volume: { type: "CLOUDSSD", size: 45 },
        restoreFrom: { backupId: "b1" },
    }));
    const reasons = (failures ?? []).map((f) => f.reason);
    expect(reasons).toEqual(expect.arrayContaining([
        // A nested property carries its value in the reason (the engine shows a top-level one's itself).
        "volume.size must be a multiple of 10 GB (got 45)",
        "restoreFrom must be { instanceId, backupId } or { instanceId, restoreTime }",
    ]));
    expect(JSON.stringify(failures)).not.toContain("Shop()Db2024");
    const cross = await h.instances.check({}, instanceInputs({
        engine: "PostgreSQL",
        engineVersion: "8.0x",
        flavorRef: "rds.pg.n1.large.2",
        ha: { replicationMode: "semisync" },
        port: 1433,
        password: "Shop()Db2024",
    }));
    const crossReasons = (cross.failures ?? []).map((f) => f.reason);
    expect(crossReasons).toEqual(expect.arrayContaining([
        'engineVersion must be a PostgreSQL version like "16"',
        'ha.replicationMode must be one of async, sync for PostgreSQL (got "semisync")',
        "availabilityZones must name two AZs (primary, standby) for a primary/standby instance",
        'flavorRef must be a primary/standby spec code (ending in ".ha") when ha is set',
        "port must be 2100–9500 for PostgreSQL",
    ]));
    expect(crossReasons.find((r) => r.startsWith("password"))).toMatch(/special characters ~!@#\$%\^\*-_=\+\?, \(PostgreSQL\)/);
    expect(JSON.stringify(cross.failures)).not.toContain("Shop()Db2024");
    const shrink = await h.instances.check(instanceInputs({ volume: { type: "CLOUDSSD", size: 60 } }), instanceInputs({ volume: { type: "CLOUDSSD", size: 50 } }));
    expect(shrink.failures?.[0]?.reason).toMatch(/volume.size cannot shrink from 60 GB to 50 GB/);
    expect(Object.values(sim.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);
});

test("the password changes in place by a reset without a job; the state keeps it sealed", async () => {
    const h = await harness("rdspwd");
    const { id, outs } = await createInstance(h);
    expect(outs["status"]).toBe("ACTIVE");
    const news = (await h.instances.check(outs, instanceInputs({ password: "Shop#Db2025new" }))).inputs;
    const diff = await h.instances.diff(id, outs as never, news as never);
    expect(diff.replaces ?? []).toEqual([]);
    const updated = await h.instances.update(id, { ...outs, __provider: "shim" } as never, news as never);
    expect(h.requests("POST /rds/v3/{pid}/instances/{id}/password")).toBe(1);
    expect(h.requests("POST /rds/v3/{pid}/instances/{id}/action")).toBe(0);
    expect((updated.outs as Record<string, unknown>)["password"]).toMatchObject(SECRET_MARKER);
    expect(h.lines.join("\n")).not.toContain("Shop#Db2025new");

    const replacing = await h.instances.diff(id, outs as never, { ...(news as object), engine: "PostgreSQL" } as never);
    expect(replacing.replaces).toContain("engine");
    await h.instances.delete(id, outs as never);
    expect((await h.rds.call<{ total_count: number }>("GET", "/instances")).json.total_count).toBe(0);
});

test("a backup an interrupted run started is adopted by its ownership name; delete waits until it is gone", async () => {
    const h = await harness("rdsbkadopt");
    const { id: instanceId } = await createInstance(h);
    const ownedName = `shop-backup-${OWNERSHIP.token.slice(0, 8)}`;
    // What the interrupted run sent before it died.
    const started = await h.rds.call<{ backup: { id: string } }>("POST", "/backups", { instance_id: instanceId, name: ownedName });
    expect(started.status).toBe(200);

    const checked = (await h.backups.check({}, backupInputs(instanceId))).inputs;
    const created = await h.backups.create(checked as never);
    expect(created.id).toBe(`${instanceId}/${started.json.backup.id}`);
    expect(h.lines.join("\n")).toMatch(/adopting instance shop-backup-7a1c9e0f .* created by an earlier, interrupted run/);
    expect(h.requests("POST /rds/v3/{pid}/backups")).toBe(1);
    expect(created.outs).toMatchObject({ backupId: started.json.backup.id, status: "COMPLETED", instanceName: ownedName });
    expect((created.outs as Record<string, unknown>)["size"]).toBeGreaterThan(0);

    const read = await h.backups.read(created.id, created.outs as never);
    expect(read.id).toBe(created.id);
    await h.backups.delete(created.id, created.outs as never);
    expect((await h.rds.call<{ total_count: number }>("GET", `/backups?instance_id=${instanceId}`)).json.total_count).toBe(0);
    // Already gone is success.
    await h.backups.delete(created.id, created.outs as never);
});

test("a failing backup job fails the create with its fail_reason verbatim and deletes the failed backup", async () => {
    const h = await harness("rdsbkfail");
    const { id: instanceId } = await createInstance(h);
    const failReason = "Backup failed: the OBS bucket is not reachable (simulated).";
    sim.addFault({ match: { jobName: "BackupMysqlInInstance" }, action: { type: "job-fail", failReason } });
    const checked = (await h.backups.check({}, backupInputs(instanceId))).inputs;
    await expect(h.backups.create(checked as never)).rejects.toThrow(failReason);
    expect(h.requests("GET /rds/v3/{pid}/tasklist")).toBeGreaterThan(0);
    expect((await h.rds.call<{ total_count: number }>("GET", `/backups?instance_id=${instanceId}`)).json.total_count).toBe(0);
    expect((await h.rds.call<{ instances: { status: string }[] }>("GET", "/instances")).json.instances[0]?.status).toBe("ACTIVE");
});

test("two backups of one instance in the same run: the second waits while the instance is BACKING UP", async () => {
    const h = await harness("rdsbktwo");
    const { id: instanceId } = await createInstance(h);
    const first = (await h.backups.check({}, backupInputs(instanceId, { name: "first-backup" }))).inputs;
    const second = (await h.backups.check({}, backupInputs(instanceId, { name: "second-backup", ownerUrn: "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:RdsBackup::second-backup" }))).inputs;
    // A backup job that outlasts the first answer, so the second create meets a busy instance.
    sim.addFault({ match: { jobName: "BackupMysqlInInstance" }, times: 1, action: { type: "job-duration", ms: 3_000 } });
    const made = await Promise.all([h.backups.create(first as never), new Promise((r) => setTimeout(r, 200)).then(() => h.backups.create(second as never))]);
    expect(made.map((m) => (m.outs as Record<string, unknown>)["status"])).toEqual(["COMPLETED", "COMPLETED"]);
    expect(h.lines.join("\n")).toMatch(/instance busy with another operation/);
    expect((await h.rds.call<{ total_count: number }>("GET", `/backups?instance_id=${instanceId}`)).json.total_count).toBe(2);
});

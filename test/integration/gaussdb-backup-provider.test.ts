import type { GaussDbBackupApi } from "../../provider/resources/gaussdb-backup/gaussdb-backup-api";
import { gaussDbBackupAdapter } from "../../provider/resources/gaussdb-backup/gaussdb-backup-adapter";
import type { GaussDbBackupInputs } from "../../provider/resources/gaussdb-backup/gaussdb-backup-inputs";
import { LifecycleProvider } from "../../provider/resources/lifecycle/lifecycle-provider";
import type { WithProvider } from "../../provider/resources/lifecycle/lifecycle-state";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { OWNERSHIP, type ProviderHarness, providerHarness, recorded, waitOutOfBand } from "../helpers/provider-harness";

// GaussDbBackup's provider, and GaussDbInstance's restoreFrom, against the simulator over real HTTP (no mocks): the
// backup job waited for with progress, its failure rolled back, an interrupted create adopted, a delete without
// a job waited for until the backup is gone, a restore waited for as its own CloneGaussDBV5NewInstance job.

jest.setTimeout(60_000);

const TIME_SCALE = 3_000;
const BACKUP_URN = "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:GaussDbBackup::nightly";
const BACKUP_NAME = `nightly-${OWNERSHIP.token.slice(0, 8)}`;

interface WireBackup {
    id: string;
    name: string;
    status: string;
    instance_id: string;
}

let sim: RunningSimulator;
beforeAll(async () => {
    sim = await startSimulator({ timeScale: TIME_SCALE });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

type BackupProvider = LifecycleProvider<GaussDbBackupInputs, GaussDbBackupApi>;

/** A harness with an ACTIVE source instance and a backup provider on the same runtime. */
async function withInstance(label: string): Promise<{ h: ProviderHarness; backups: BackupProvider; instanceId: string }> {
    const h = await providerHarness(sim, label);
    const created = await h.provider.create(await h.checked());
    return { h, backups: new LifecycleProvider(gaussDbBackupAdapter, h.runtime), instanceId: created.id };
}

async function backupInputs(backups: BackupProvider, instanceId: string, overrides: Record<string, unknown> = {}) {
    const result = await backups.check({}, {
        name: "nightly",
        instanceId,
        ownerUrn: BACKUP_URN,
        ownership: OWNERSHIP,
        timeouts: {},
        keepFailedInstance: false,
        __provider: "shim",
        ...overrides,
    });
    return { inputs: result.inputs as WithProvider<GaussDbBackupInputs>, failures: result.failures ?? [] };
}

async function listBackups(h: ProviderHarness): Promise<WireBackup[]> {
    return (await h.api.call<{ backups: WireBackup[] }>("GET", "/backups")).json.backups;
}

test("creates a backup waiting for its job, records its id, size and times, and destroy waits until it is gone", async () => {
    const { h, backups, instanceId } = await withInstance("backup");
    const { inputs } = await backupInputs(backups, instanceId, { description: "before the upgrade" });
    const created = await backups.create(inputs);
    const outs = recorded(created.outs) as unknown as Record<string, unknown>;
    expect(outs).toMatchObject({
        backupId: created.id,
        backupName: BACKUP_NAME,
        instanceId,
        status: "COMPLETED",
        size: 128.5,
        beginTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        endTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(h.lines.some((line) => /nightly: BackupSnapshotGaussDBV5InInstance completed/.test(line))).toBe(true);
    expect(await listBackups(h)).toMatchObject([{ id: created.id, name: BACKUP_NAME, status: "COMPLETED", instance_id: instanceId }]);

    // Any change replaces: a backup cannot change.
    const diff = await backups.diff(created.id, outs as never, { ...inputs, description: "another" });
    expect(diff.replaces).toEqual(["description"]);

    await backups.delete(created.id, outs);
    expect(await listBackups(h)).toEqual([]);
    expect(h.requests("DELETE /v3/{pid}/backups/{id}")).toBe(1);
    // Gone already: success, one more request.
    await backups.delete(created.id, outs);
    expect(h.requests("DELETE /v3/{pid}/backups/{id}")).toBe(2);
});

test("a failed backup job fails the create with its fail_reason verbatim and deletes the failed backup", async () => {
    const { h, backups, instanceId } = await withInstance("failing");
    const failReason = "Backup failed: the OBS bucket of the region is not reachable (simulated).";
    sim.addFault({ match: { jobName: "BackupSnapshotGaussDBV5InInstance" }, times: 1, action: { type: "job-fail", failReason } });
    const { inputs } = await backupInputs(backups, instanceId);
    await expect(backups.create(inputs)).rejects.toThrow(failReason);
    expect(await listBackups(h)).toEqual([]);
    expect((await h.instances())[0]?.status).toBe("ACTIVE");
});

test("adopts the backup an interrupted run made (its job found in the task list) instead of making a second one", async () => {
    const { h, backups, instanceId } = await withInstance("adopt");
    sim.addFault({ match: { jobName: "BackupSnapshotGaussDBV5InInstance" }, times: 1, action: { type: "job-duration", ms: 1_500 } });
    const made = await h.api.call<{ backup: { id: string }; job_id: string }>("POST", "/backups", { instance_id: instanceId, name: BACKUP_NAME });
    expect(made.status).toBe(202);
    const { inputs } = await backupInputs(backups, instanceId);
    const created = await backups.create(inputs);
    expect(created.id).toBe(made.json.backup.id);
    expect(h.lines.some((line) => line.includes(`adopting instance ${BACKUP_NAME}`))).toBe(true);
    expect(h.lines.some((line) => /BackupSnapshotGaussDBV5InInstance completed/.test(line))).toBe(true);
    expect(h.requests("POST /v3/{pid}/backups")).toBe(1);
    expect(await listBackups(h)).toHaveLength(1);
});

test("the adopted backup's own job decides: its fail_reason is reported verbatim", async () => {
    const { h, backups, instanceId } = await withInstance("adoptfail");
    const failReason = "The backup agent on the DN node stopped responding (simulated).";
    sim.addFault({ match: { jobName: "BackupSnapshotGaussDBV5InInstance" }, times: 1, action: { type: "job-duration", ms: 1_500 } });
    sim.addFault({ match: { jobName: "BackupSnapshotGaussDBV5InInstance" }, times: 1, action: { type: "job-fail", failReason } });
    await h.api.call("POST", "/backups", { instance_id: instanceId, name: BACKUP_NAME });
    const { inputs } = await backupInputs(backups, instanceId);
    await expect(backups.create(inputs)).rejects.toThrow(failReason);
    expect(await listBackups(h)).toEqual([]);
    expect(h.requests("POST /v3/{pid}/backups")).toBe(1);
});

test("a backup of another instance that carries the name is not adopted", async () => {
    const { h, backups, instanceId } = await withInstance("mismatch");
    const other = await h.provider.create(await h.checked({ name: "other-db" }));
    const made = await h.api.call<{ job_id: string }>("POST", "/backups", { instance_id: other.id, name: BACKUP_NAME });
    await waitOutOfBand(h.api, made.json.job_id);
    const { inputs } = await backupInputs(backups, instanceId);
    await expect(backups.create(inputs)).rejects.toThrow(/it is not this resource's: instanceId is/);
});

test("check names the bad property and sends nothing", async () => {
    const { h, backups } = await withInstance("check");
    const before = sim.stats().requests;
    const empty = await backupInputs(backups, "");
    expect(empty.failures).toEqual([{ property: "instanceId", reason: "instanceId must not be empty" }]);
    const description = await backupInputs(backups, "x", { description: "a <b>" });
    expect(description.failures[0]?.property).toBe("description");
    const restore = await h.provider.check({}, { ...(await h.checked()), restoreFrom: { instanceId: "src", restoreTime: "yesterday" } });
    // A nested property is named in the reason with its value (the engine would print "value {<nil>}" beside it).
    expect(restore.failures).toEqual([{ property: "", reason: 'restoreFrom.restoreTime must be a number: a UNIX time in milliseconds (got "yesterday")' }]);
    const both = await h.provider.check({}, { ...(await h.checked()), restoreFrom: { instanceId: "src", backupId: "b", restoreTime: 1 } });
    expect(both.failures?.[0]?.property).toBe("restoreFrom");
    const noSource = await h.provider.check({}, { ...(await h.checked()), restoreFrom: { instanceId: "", backupId: "b" } });
    expect(noSource.failures?.[0]).toEqual({ property: "", reason: 'restoreFrom.instanceId must not be empty (got "")' });
    expect(sim.stats().requests).toEqual(before);
});

test("restoreFrom a backup creates the instance with a CloneGaussDBV5NewInstance job; a different point replaces it", async () => {
    const { h, backups, instanceId } = await withInstance("restore");
    const backup = await backups.create((await backupInputs(backups, instanceId)).inputs);
    const restoreFrom = { instanceId, backupId: backup.id };
    const restored = await h.provider.create(await h.checked({ name: "restored-db", restoreFrom }));
    expect(restored.id).not.toBe(instanceId);
    expect(h.lines.some((line) => /restored-db|orders-db/.test(line) && /CloneGaussDBV5NewInstance completed/.test(line))).toBe(true);
    const outs = recorded(restored.outs);
    expect(outs.restoreFrom).toEqual(restoreFrom);
    const live = (await h.instances()).find((i) => i.id === restored.id);
    expect(live?.status).toBe("ACTIVE");
    const sent = (await h.api.listTasks("?name=CloneGaussDBV5NewInstance")).json.tasks;
    expect(sent.map((t) => t.instance_info.instance_id)).toEqual([restored.id]);

    const same = await h.provider.diff(restored.id, outs, await h.checked({ name: "restored-db", restoreFrom }));
    expect(same.changes).toBe(false);
    const removed = await h.provider.diff(restored.id, outs, await h.checked({ name: "restored-db" }));
    expect(removed.changes).toBe(false);
    const pitr = await h.provider.diff(restored.id, outs, await h.checked({ name: "restored-db", restoreFrom: { instanceId, restoreTime: Date.now() } }));
    expect(pitr.replaces).toEqual(["restoreFrom.restoreTime"]);
});

test("restoreFrom a point in time, and the adoption of a restored instance finds its restore job", async () => {
    const { h, instanceId } = await withInstance("pitr");
    const point = { instanceId, restoreTime: Date.now() - 100 };
    // An interrupted run's restore: made out of band with the owned name, still running.
    sim.addFault({ match: { jobName: "CloneGaussDBV5NewInstance" }, times: 1, action: { type: "job-duration", ms: 1_500 } });
    const ownedName = `pitr-db-${OWNERSHIP.token.slice(0, 8)}`;
    const { region: _region, ...body } = {
        name: ownedName,
        password: "Orders#Db2024pw",
        flavor_ref: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
        volume: { type: "ULTRAHIGH", size: 40 },
        availability_zone: "eu-de-01,eu-de-01,eu-de-01",
        vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnet_id: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        security_group_id: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
        region: "eu-de",
    };
    const made = await h.api.call<{ instance: { id: string } }>("POST", "/instances", {
        ...body,
        restore_point: { instance_id: instanceId, type: "timestamp", restore_time: point.restoreTime },
    });
    expect(made.status).toBe(202);
    const adopted = await h.provider.create(await h.checked({ name: "pitr-db", restoreFrom: point }));
    expect(adopted.id).toBe(made.json.instance.id);
    expect(h.lines.some((line) => /CloneGaussDBV5NewInstance completed/.test(line))).toBe(true);
    expect(h.requests("POST /v3/{pid}/instances")).toBe(2);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, validCreateBody, type ErrorBody, type WireInstance } from "../core/test-client";

const MINUTE = 60_000;

interface WireBackup {
    id: string;
    name: string;
    description: string | null;
    status: string;
    size: number;
    type: string;
    begin_time: string;
    end_time: string | null;
    instance_id: string;
    datastore: { type: string; version: string };
}

describe("simulator: GaussDB backups and restores", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    async function activeInstance(overrides: Record<string, unknown> = {}): Promise<WireInstance> {
        const created = await client.createInstance(overrides);
        clock.advance(13 * MINUTE);
        return created.json.instance;
    }
    const backups = async (query = "") => (await client.call<{ backups: WireBackup[]; total_count: number }>("GET", `/backups${query}`)).json;
    const backup = (body: Record<string, unknown>) => client.call<{ backup: WireBackup; job_id: string }>("POST", "/backups", body);

    it("backs up: 202 BUILDING with a BackupSnapshotGaussDBV5InInstance job, the instance BACKING UP, then COMPLETED with a size", async () => {
        const instance = await activeInstance();
        const created = await backup({ instance_id: instance.id, name: "nightly-1", description: "before the upgrade" });
        expect(created.status).toBe(202);
        expect(created.json.backup).toEqual({
            id: expect.stringMatching(/^[0-9a-f]{32}br14$/),
            name: "nightly-1",
            description: "before the upgrade",
            begin_time: expect.stringMatching(/\+0000$/),
            status: "BUILDING",
            type: "manual",
            instance_id: instance.id,
        });
        const job = (await client.getJob(created.json.job_id)).json.job;
        expect(job).toMatchObject({ name: "BackupSnapshotGaussDBV5InInstance", status: "Running", instance: { id: instance.id } });
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]?.status).toBe("BACKING UP");
        // Another operation on the instance waits for the backup.
        expect((await client.call<ErrorBody>("DELETE", `/instances/${instance.id}`)).status).toBe(409);
        expect((await backup({ instance_id: instance.id, name: "nightly-2" })).json).toMatchObject({ error_code: "DBS.201205" });

        clock.advance(5 * MINUTE);
        expect((await client.getJob(created.json.job_id)).json.job.status).toBe("Completed");
        const listed = await backups(`?instance_id=${instance.id}`);
        expect(listed.total_count).toBe(1);
        expect(listed.backups[0]).toMatchObject({ status: "COMPLETED", size: 128.5, datastore: { type: "GaussDB", version: "3.208" } });
        expect(listed.backups[0]?.end_time).toMatch(/\+0000$/);
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]?.status).toBe("ACTIVE");
        expect((await backups(`?backup_id=${created.json.backup.id}`)).total_count).toBe(1);
        expect((await backups(`?instance_id=other`)).total_count).toBe(0);
        expect((await backups(`?backup_type=auto`)).total_count).toBe(0);
        expect((await client.call<ErrorBody>("GET", "/backups?backup_type=weekly")).json.error_code).toBe("DBS.201004");
    });

    it("a failed backup job leaves a FAILED backup and the instance ACTIVE", async () => {
        const instance = await activeInstance();
        sim.addFault({ match: { jobName: "BackupSnapshotGaussDBV5InInstance" }, action: { type: "job-fail", failReason: "no space left" } });
        const created = await backup({ instance_id: instance.id, name: "doomed" });
        clock.advance(5 * MINUTE);
        expect((await client.getJob(created.json.job_id)).json.job).toMatchObject({ status: "Failed", fail_reason: "no space left" });
        expect((await backups()).backups[0]).toMatchObject({ status: "FAILED", size: 0 });
        expect((await client.listInstances(`?id=${instance.id}`)).json.instances[0]?.status).toBe("ACTIVE");
    });

    it.each([
        ["DBS.201210", { name: "ab" }],
        ["DBS.201210", { name: "1backup" }],
        ["DBS.280127", { description: "a<b" }],
        ["DBS.200002", { instance_id: "nosuchinstance" }],
    ])("refuses a bad backup request with %s", async (code, overrides) => {
        const instance = await activeInstance();
        const refused = await backup({ instance_id: instance.id, name: "fine-name", ...overrides });
        expect(refused.json).toMatchObject({ error_code: code });
        expect((await backups()).total_count).toBe(0);
    });

    it("refuses a second backup of the same name (409 DBS.201201)", async () => {
        const instance = await activeInstance();
        await backup({ instance_id: instance.id, name: "same-name" });
        clock.advance(5 * MINUTE);
        const again = await backup({ instance_id: instance.id, name: "same-name" });
        expect(again.status).toBe(409);
        expect(again.json).toMatchObject({ error_code: "DBS.201201" });
    });

    it("deletes: 202 {} without a job, DELETING for a moment, then gone; a BUILDING backup is refused, an unknown one is 404", async () => {
        const instance = await activeInstance();
        const created = await backup({ instance_id: instance.id, name: "short-lived" });
        const early = await client.call<ErrorBody>("DELETE", `/backups/${created.json.backup.id}`);
        expect(early.status).toBe(409);
        expect(early.json.error_code).toBe("DBS.201205");
        clock.advance(5 * MINUTE);
        const jobsBefore = sim.stats().jobs;
        const deleted = await client.call<unknown>("DELETE", `/backups/${created.json.backup.id}`);
        expect(deleted.status).toBe(202);
        expect(deleted.json).toEqual({});
        expect(sim.stats().jobs).toBe(jobsBefore);
        expect((await backups()).backups[0]?.status).toBe("DELETING");
        clock.advance(31_000);
        expect(await backups()).toEqual({ backups: [], total_count: 0 });
        const gone = await client.call<ErrorBody>("DELETE", `/backups/${created.json.backup.id}`);
        expect(gone.status).toBe(404);
        expect(gone.json).toEqual({ error_code: "DBS.201010", error_msg: "The backup file does not exist." });
    });

    it("restores a backup into a new instance: CloneGaussDBV5NewInstance, the source's engine and HA mode", async () => {
        const source = await activeInstance({ name: "source-db", ha: { mode: "enterprise" }, volume: { type: "ULTRAHIGH", size: 80 } });
        const created = await backup({ instance_id: source.id, name: "to-restore" });
        clock.advance(5 * MINUTE);
        const { datastore: _d, ha: _h, region: _r, ...restoreBody } = validCreateBody({ name: "restored-db", volume: { type: "ULTRAHIGH", size: 80 } });
        const restored = await client.call<{ instance: WireInstance; job_id: string }>("POST", "/instances", {
            ...restoreBody,
            restore_point: { instance_id: source.id, backup_id: created.json.backup.id },
        });
        expect(restored.status).toBe(202);
        expect(restored.json.instance).toMatchObject({ name: "restored-db", status: "BUILD", ha: { mode: "enterprise" }, region: "eu-de" });
        expect((await client.getJob(restored.json.job_id)).json.job).toMatchObject({ name: "CloneGaussDBV5NewInstance", status: "Running" });
        clock.advance(15 * MINUTE);
        expect((await client.getJob(restored.json.job_id)).json.job.status).toBe("Completed");
        expect((await client.listInstances(`?id=${restored.json.instance.id}`)).json.instances[0]?.status).toBe("ACTIVE");
        expect(sim.stats().createRequests).toBe(2);
        const tasks = (await client.listTasks("?name=CloneGaussDBV5NewInstance")).json.tasks;
        expect(tasks.map((t) => t.instance_info.instance_id)).toEqual([restored.json.instance.id]);
    });

    it("restores to a point in time within the source's life", async () => {
        const source = await activeInstance();
        const restored = await client.call<{ instance: WireInstance }>("POST", "/instances", {
            ...validCreateBody({ name: "pitr-db" }),
            restore_point: { instance_id: source.id, type: "timestamp", restore_time: clock.ms - MINUTE },
        });
        expect(restored.status).toBe(202);
        const tooEarly = await client.call<ErrorBody>("POST", "/instances", {
            ...validCreateBody({ name: "pitr-db" }),
            restore_point: { instance_id: source.id, type: "timestamp", restore_time: clock.ms - 60 * MINUTE },
        });
        expect(tooEarly.json.error_msg).toMatch(/^Invalid parameter: restore_point\.restore_time/);
    });

    it.each([
        ["another instance's backup", "other", "DBS.201203"],
        ["an unknown backup", "nosuchbackup", "DBS.201203"],
        ["a backup still BUILDING", "building", "DBS.301024"],
    ])("refuses to restore %s and creates nothing", async (_label, which, code) => {
        const source = await activeInstance({ name: "source-a" });
        const other = await activeInstance({ name: "source-b" });
        const otherBackup = await backup({ instance_id: other.id, name: "of-other" });
        clock.advance(5 * MINUTE);
        const building = await backup({ instance_id: source.id, name: "in-progress" });
        const backupId = which === "other" ? otherBackup.json.backup.id : which === "building" ? building.json.backup.id : which;
        const before = sim.stats().instances;
        const refused = await client.call<ErrorBody>("POST", "/instances", {
            ...validCreateBody({ name: "restored-db" }),
            restore_point: { instance_id: source.id, backup_id: backupId },
        });
        expect(refused.status).toBe(400);
        expect(refused.json.error_code).toBe(code);
        expect(sim.stats().instances).toBe(before);
    });

    it("refuses a restore into a smaller volume or another HA mode", async () => {
        const source = await activeInstance({ volume: { type: "ULTRAHIGH", size: 80 } });
        const b = await backup({ instance_id: source.id, name: "sized" });
        clock.advance(5 * MINUTE);
        const point = { instance_id: source.id, backup_id: b.json.backup.id };
        const smaller = await client.call<ErrorBody>("POST", "/instances", { ...validCreateBody(), restore_point: point });
        expect(smaller.json.error_msg).toMatch(/^Invalid parameter: volume\.size must be at least/);
        const otherHa = await client.call<ErrorBody>("POST", "/instances", {
            ...validCreateBody({ volume: { type: "ULTRAHIGH", size: 80 }, ha: { mode: "enterprise" } }),
            restore_point: point,
        });
        expect(otherHa.json.error_msg).toMatch(/^Invalid parameter: ha\.mode/);
    });
});

describe("simulator: backups in the state file", () => {
    let dataDir: string;
    beforeEach(() => {
        dataDir = mkdtempSync(join(tmpdir(), "otc-sim-backups-"));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it("keeps backups across a restart, and loads a state file written before backups existed", async () => {
        const clock = new TestClock();
        const first = await startSimulator({ dataDir, now: clock.now });
        const api = new SimulatorTestClient(first.url);
        const instance = (await api.createInstance()).json.instance;
        clock.advance(13 * MINUTE);
        const made = await api.call<{ backup: { id: string } }>("POST", "/backups", { instance_id: instance.id, name: "kept-one" });
        await first.close();
        const written = JSON.parse(readFileSync(join(dataDir, "state.json"), "utf8")) as { projects: Record<string, { backups?: unknown[] }> };
        expect(Object.values(written.projects)[0]?.backups).toHaveLength(1);

        clock.advance(5 * MINUTE);
        const second = await startSimulator({ dataDir, now: clock.now });
        const listed = await new SimulatorTestClient(second.url).call<{ backups: WireBackup[] }>("GET", "/backups");
        expect(listed.json.backups).toMatchObject([{ id: made.json.backup.id, status: "COMPLETED" }]);
        await second.close();

        // The same state without the backups key, as older versions wrote it.
        for (const project of Object.values(written.projects)) delete project.backups;
        writeFileSync(join(dataDir, "state.json"), JSON.stringify(written));
        const third = await startSimulator({ dataDir, now: clock.now });
        const old = new SimulatorTestClient(third.url);
        expect((await old.call<{ total_count: number }>("GET", "/backups")).json.total_count).toBe(0);
        expect((await old.listInstances()).json.total_count).toBe(1);
        await third.close();
    });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../index";
import { type ErrorBody, SimulatorTestClient, TestClock, validTaurusDbCreateBody } from "../core/test-client";

const MINUTE = 60_000;

interface WireBackup {
    id: string;
    name: string;
    status: string;
    size: number;
    take_up_time: number;
    end_time: string | null;
    instance_id: string;
    datastore: { type: string; version: string };
}

let dataDir: string;
let simulator: RunningSimulator;
let clock: TestClock;
let api: SimulatorTestClient;

beforeEach(async () => {
    clock = new TestClock();
    dataDir = mkdtempSync(join(tmpdir(), "otc-sim-taurus-backups-"));
    simulator = await startSimulator({ now: clock.now, dataDir });
    api = new SimulatorTestClient(simulator.endpoints.taurusdb);
});
afterEach(async () => {
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
});

async function activeInstance(): Promise<string> {
    const created = await api.call<{ instance: { id: string } }>("POST", "/instances", validTaurusDbCreateBody());
    clock.advance(11 * MINUTE);
    return created.json.instance.id;
}

const status = async (id: string) => (await api.call<{ instance: { status: string } }>("GET", `/instances/${id}`)).json.instance.status;
const backups = async (query: string) => (await api.call<{ backups: WireBackup[]; total_count: number }>("GET", `/backups${query}`)).json;

test("a manual backup: 201 with the backup BUILDING and a job, the instance BACKING UP, then COMPLETED and listed", async () => {
    const id = await activeInstance();
    const made = await api.call<{ backup: WireBackup; job_id: string }>("POST", "/backups/create", { instance_id: id, name: "nightly-1", description: "before upgrade" });
    expect(made.status).toBe(201);
    expect(made.json.backup).toMatchObject({ name: "nightly-1", status: "BUILDING", type: "manual", instance_id: id });
    expect(made.json.backup.id).toMatch(/^[0-9a-f]{32}br07$/);
    expect(await status(id)).toBe("BACKING UP");
    // One backup at a time, and no other job meanwhile.
    expect((await api.call<ErrorBody>("POST", "/backups/create", { instance_id: id, name: "nightly-2" })).json.error_code).toBe("DBS.201205");
    expect((await api.call<ErrorBody>("DELETE", `/backups/${made.json.backup.id}`)).status).toBe(409);

    clock.advance(5 * MINUTE);
    const job = await api.call<{ job: { name: string; status: string; instance: { id: string } } }>("GET", `/jobs?id=${made.json.job_id}`);
    expect(job.json.job).toMatchObject({ name: "BackupGaussDBforMySQLInstance", status: "Completed", instance: { id } });
    expect(await status(id)).toBe("ACTIVE");
    const listed = await backups(`?instance_id=${id}`);
    expect(listed.total_count).toBe(1);
    expect(listed.backups[0]).toMatchObject({ id: made.json.backup.id, status: "COMPLETED", size: 256, take_up_time: 4, datastore: { type: "gaussdb-mysql", version: "8.0" } });
    expect(await backups("?instance_id=other")).toEqual({ backups: [], total_count: 0 });
});

test("a backup is kept across a restart; its delete answers 200 {backup_id, backup_name} and no job, then it is gone", async () => {
    const id = await activeInstance();
    const made = await api.call<{ backup: WireBackup }>("POST", "/backups/create", { instance_id: id, name: "nightly-1" });
    clock.advance(5 * MINUTE);
    await simulator.close();
    simulator = await startSimulator({ now: clock.now, dataDir });
    api = new SimulatorTestClient(simulator.endpoints.taurusdb);
    expect((await backups("")).backups.map((b) => [b.id, b.status])).toEqual([[made.json.backup.id, "COMPLETED"]]);

    const deleted = await api.call<Record<string, unknown>>("DELETE", `/backups/${made.json.backup.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ backup_id: made.json.backup.id, backup_name: "nightly-1" });
    expect((await backups("")).backups.map((b) => b.status)).toEqual(["DELETING"]);
    clock.advance(MINUTE);
    expect(await backups("")).toEqual({ backups: [], total_count: 0 });
    expect((await api.call<ErrorBody>("DELETE", `/backups/${made.json.backup.id}`)).json.error_code).toBe("DBS.201010");
});

test("a backup of an unknown or busy instance, or with a bad name, is refused", async () => {
    expect((await api.call<ErrorBody>("POST", "/backups/create", { instance_id: "nosuchin07", name: "nightly-1" })).status).toBe(404);
    const created = await api.call<{ instance: { id: string } }>("POST", "/instances", validTaurusDbCreateBody());
    const building = await api.call<ErrorBody>("POST", "/backups/create", { instance_id: created.json.instance.id, name: "nightly-1" });
    expect(building.status).toBe(409);
    clock.advance(11 * MINUTE);
    expect((await api.call<ErrorBody>("POST", "/backups/create", { instance_id: created.json.instance.id, name: "1bad" })).json.error_code).toBe("DBS.201210");
});

import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, validRdsCreateBody as createBody, type ErrorBody } from "../core/test-client";

const MINUTE = 60_000;

interface RdsInstance {
    id: string;
    name: string;
    status: string;
    flavor_ref: string;
    volume: { type: string; size: number };
    port: number;
    type: string;
    created: string;
    datastore: { type: string; version: string };
}
interface RdsJob {
    id: string;
    name: string;
    status: string;
    process: string;
    entities: Record<string, unknown>;
    fail_reason: string | null;
    progress?: unknown;
}
interface RdsBackup {
    id: string;
    name: string;
    status: string;
    size: number;
    begin_time: string;
    end_time: string;
    instance_id: string;
}

describe("simulator: RDS", () => {
    let sim: RunningSimulator;
    let rds: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        rds = new SimulatorTestClient(`${sim.url}/rds`);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    const create = (overrides: Record<string, unknown> = {}) =>
        rds.call<{ instance: { id: string; status: string; port: string }; job_id: string }>("POST", "/instances", createBody(overrides));
    const list = (query = "") => rds.call<{ instances: RdsInstance[]; total_count: number }>("GET", `/instances${query}`);
    const job = async (id: string) => (await rds.call<{ job: RdsJob }>("GET", `/jobs?id=${id}`)).json.job;
    const action = (id: string, body: unknown) => rds.call<{ job_id: string } & ErrorBody>("POST", `/instances/${id}/action`, body);
    const backups = (instanceId: string) => rds.call<{ backups: RdsBackup[]; total_count: number }>("GET", `/backups?instance_id=${instanceId}`);
    async function createActive(overrides: Record<string, unknown> = {}) {
        const created = await create(overrides);
        expect(created.status).toBe(202);
        clock.advance(11 * MINUTE);
        return created.json.instance.id;
    }

    it("creates a MySQL instance: 202 BUILD with a job named per engine, process while running, entities, then ACTIVE", async () => {
        const created = await create();
        expect(created.status).toBe(202);
        expect(created.json.instance).toMatchObject({ status: "BUILD", port: "3306" });
        expect(created.text).not.toContain("Str0ng!Passw0rd");
        const building = (await list()).json.instances[0];
        expect(building).toMatchObject({ status: "BUILD", created: "", type: "Single" });

        clock.advance(5 * MINUTE);
        const running = await job(created.json.job_id);
        expect(running).toMatchObject({ name: "CreateMysqlSingleHAInstance", status: "Running", process: "50%", fail_reason: null });
        expect(running.progress).toBeUndefined();

        clock.advance(6 * MINUTE);
        const done = await job(created.json.job_id);
        expect(done).toMatchObject({ status: "Completed", process: "" });
        expect(done.entities).toMatchObject({ instance: { type: "Single", datastore: { type: "mysql", version: "8.0" } } });
        expect((await list()).json.instances[0]).toMatchObject({ status: "ACTIVE", port: 3306, created: expect.stringMatching(/\+0000$/) });
        // Served only under /rds: GaussDB's root knows nothing of it.
        expect(sim.stats().requests["POST /rds/v3/{pid}/instances"]).toBe(1);
    });

    it("creates HA PostgreSQL and SQL Server instances with their default ports and job names", async () => {
        const pg = await create({
            name: "pg-ha",
            datastore: { type: "PostgreSQL", version: "16" },
            flavor_ref: "rds.pg.n1.large.2.ha",
            ha: { mode: "Ha", replication_mode: "sync" },
            availability_zone: "eu-de-01,eu-de-02",
        });
        expect(pg.status).toBe(202);
        expect((await job(pg.json.job_id)).name).toBe("CreatePostgresqlSingleHAInstance");
        const ms = await create({ name: "mssql", datastore: { type: "SQLServer", version: "2019_SE" }, flavor_ref: "rds.mssql.se.s3.large.4", password: "Str0ng!Passw0rd" });
        expect(ms.status).toBe(202);
        expect((await job(ms.json.job_id)).name).toBe("CreateSqlserverSingleHAInstance");
        const listed = (await list()).json.instances;
        expect(listed.find((i) => i.name === "pg-ha")).toMatchObject({ type: "Ha", port: 5432 });
        expect(listed.find((i) => i.name === "mssql")).toMatchObject({ port: 1433 });
    });

    it.each([
        [{ datastore: { type: "Oracle", version: "19" } }, "DBS.200040", /datastore.type/],
        [{ datastore: { type: "MySQL", version: "eight" } }, "DBS.200041", /Invalid database version/],
        [{ volume: { type: "CLOUDSSD", size: 45 } }, "DBS.200001", /volume.size must be a multiple of 10/],
        [{ volume: { type: "CLOUDSSD", size: 30 } }, "DBS.200001", /from 40 to 4000/],
        [{ volume: { type: "SATA", size: 40 } }, "DBS.200026", /Invalid storage type/],
        [{ password: "short" }, "DBS.200052", /root password/],
        [{ port: 33071 }, "DBS.200001", /port 33071 is not allowed for MySQL/],
        [{ ha: { mode: "Ha", replication_mode: "sync" }, flavor_ref: "rds.mysql.n1.large.2.ha", availability_zone: "eu-de-01,eu-de-02" }, "DBS.200001", /async, semisync for MySQL/],
        [{ ha: { mode: "Ha", replication_mode: "async" }, flavor_ref: "rds.mysql.n1.large.2.ha" }, "DBS.200001", /two AZs/],
        [{ vpc_id: undefined }, "DBS.200001", /vpc_id is required/],
        [{ flavor_ref: "gaussdb.x" }, "DBS.200053", /specifications do not exist/],
    ])("refuses an invalid create (%j) with a DBS-style 400", async (overrides, code, message) => {
        const answer = await rds.call<ErrorBody>("POST", "/instances", createBody(overrides));
        expect(answer.status).toBe(400);
        expect(answer.json.error_code).toBe(code);
        expect(answer.json.error_msg).toMatch(message);
        expect(answer.text).not.toContain("Str0ng!Passw0rd");
        expect((await list()).json.total_count).toBe(0);
    });

    it("resizes and enlarges with jobs, 409 while a job runs, 10 GB steps, never shrinking", async () => {
        const id = await createActive();
        const resize = await action(id, { resize_flavor: { spec_code: "rds.mysql.n1.xlarge.2" } });
        expect(resize.status).toBe(202);
        expect((await job(resize.json.job_id)).name).toBe("ResizeMysqlFlavor");
        expect((await list()).json.instances[0]?.status).toBe("MODIFYING");
        const busy = await action(id, { enlarge_volume: { size: 50 } });
        expect(busy.status).toBe(409);
        expect(busy.json.error_code).toBe("DBS.200019");
        clock.advance(7 * MINUTE);
        expect((await list()).json.instances[0]).toMatchObject({ status: "ACTIVE", flavor_ref: "rds.mysql.n1.xlarge.2" });

        expect((await action(id, { enlarge_volume: { size: 55 } })).status).toBe(400);
        const smaller = await action(id, { enlarge_volume: { size: 40 } });
        expect(smaller.json.error_code).toBe("DBS.200306");
        const enlarge = await action(id, { enlarge_volume: { size: 60 } });
        expect(enlarge.status).toBe(202);
        expect(await job(enlarge.json.job_id)).toMatchObject({ name: "EnlargeMysqlVolume", entities: { volume: { original_size: "40", target_size: "60" } } });
        clock.advance(4 * MINUTE);
        expect((await list()).json.instances[0]?.volume.size).toBe(60);
        expect((await action(id, { resize_flavor: { spec_code: "rds.mysql.n1.xlarge.2.ha" } })).status).toBe(400);
    });

    it("deletes with a job; a missing instance answers 404 DBS.200002", async () => {
        const id = await createActive();
        const deleted = await rds.call<{ job_id: string }>("DELETE", `/instances/${id}`);
        expect(deleted.status).toBe(202);
        expect((await job(deleted.json.job_id)).name).toBe("DeleteMysqlInstance");
        expect((await list()).json.instances[0]?.status).toBe("DELETING");
        clock.advance(3 * MINUTE);
        expect((await list()).json.total_count).toBe(0);
        const missing = await rds.call<ErrorBody>("DELETE", `/instances/${id}`);
        expect(missing.status).toBe(404);
        expect(missing.json.error_code).toBe("DBS.200002");
        expect((await action(id, { enlarge_volume: { size: 50 } })).status).toBe(404);
    });

    it("a failing create job reports its fail_reason and leaves a CREATE FAIL instance", async () => {
        sim.addFault({ match: { jobName: "CreateMysqlSingleHAInstance" }, times: 1, action: { type: "job-fail", failReason: "createVM failed." } });
        const created = await create();
        clock.advance(11 * MINUTE);
        expect(await job(created.json.job_id)).toMatchObject({ status: "Failed", fail_reason: "createVM failed." });
        expect((await list()).json.instances[0]?.status).toBe("CREATE FAIL");
    });

    it("resets the password synchronously (200 {}) and checks it", async () => {
        const id = await createActive();
        const reset = await rds.call("POST", `/instances/${id}/password`, { db_user_pwd: "N3w!Passw0rd" });
        expect(reset.status).toBe(200);
        expect(reset.json).toEqual({});
        expect((await rds.call<ErrorBody>("POST", `/instances/${id}/password`, { db_user_pwd: "weak" })).json.error_code).toBe("DBS.200052");
    });

    it("makes a manual backup (200, no job id; the instance is BACKING UP), lists it by instance, deletes it", async () => {
        const id = await createActive();
        const made = await rds.call<{ backup: RdsBackup; job_id?: string }>("POST", "/backups", { instance_id: id, name: "nightly-1", description: "before upgrade" });
        expect(made.status).toBe(200);
        expect(made.json.backup).toMatchObject({ name: "nightly-1", status: "BUILDING", instance_id: id });
        expect(made.json.job_id).toBeUndefined();
        expect((await list()).json.instances[0]?.status).toBe("BACKING UP");
        expect((await action(id, { enlarge_volume: { size: 50 } })).status).toBe(409);
        const duplicate = await rds.call<ErrorBody>("POST", "/backups", { instance_id: id, name: "nightly-1" });
        expect(duplicate.status).toBe(409);
        expect((await rds.call<ErrorBody>("GET", "/backups")).status).toBe(400);

        clock.advance(5 * MINUTE);
        const [backup] = (await backups(id)).json.backups;
        expect(backup).toMatchObject({ id: made.json.backup.id, status: "COMPLETED", size: expect.any(Number) });
        expect(backup?.size).toBeGreaterThan(0);
        expect(backup?.end_time).toMatch(/\+0000$/);
        expect((await list()).json.instances[0]?.status).toBe("ACTIVE");
        const tasks = await rds.call<{ tasks: { name: string; instance_id: string }[] }>("GET", `/tasklist?instance_id=${id}`);
        expect(tasks.json.tasks.map((t) => t.name)).toEqual(["BackupMysqlInInstance", "CreateMysqlSingleHAInstance"]);

        const deleted = await rds.call("DELETE", `/backups/${made.json.backup.id}`);
        expect(deleted.status).toBe(200);
        expect((await backups(id)).json.backups[0]?.status).toBe("DELETING");
        clock.advance(2 * MINUTE);
        expect((await backups(id)).json.total_count).toBe(0);
        const gone = await rds.call<ErrorBody>("DELETE", `/backups/${made.json.backup.id}`);
        expect(gone.status).toBe(404);
        expect(gone.json.error_code).toBe("DBS.201010");
    });

    it("restores a backup into a new instance (restore job, the source's engine) and a point in time", async () => {
        const id = await createActive({ datastore: { type: "PostgreSQL", version: "15" }, flavor_ref: "rds.pg.n1.large.2" });
        const made = await rds.call<{ backup: RdsBackup }>("POST", "/backups", { instance_id: id, name: "pg-backup" });
        const early = await create({ name: "too-early", datastore: undefined, restore_point: { instance_id: id, type: "backup", backup_id: made.json.backup.id } });
        expect(early.status).toBe(400);
        clock.advance(5 * MINUTE);

        const restored = await create({
            name: "pg-restored",
            datastore: undefined,
            region: undefined,
            flavor_ref: "rds.pg.n1.large.2",
            restore_point: { instance_id: id, type: "backup", backup_id: made.json.backup.id },
        });
        expect(restored.status).toBe(202);
        expect((await job(restored.json.job_id)).name).toBe("RestorePostgresqlNewInstance");
        clock.advance(13 * MINUTE);
        const target = (await list("?name=pg-restored")).json.instances[0];
        expect(target).toMatchObject({ status: "ACTIVE", datastore: { type: "PostgreSQL", version: "15" }, port: 5432 });

        const pit = await create({ name: "pg-pit", datastore: undefined, flavor_ref: "rds.pg.n1.large.2", restore_point: { instance_id: id, type: "timestamp", restore_time: clock.ms - MINUTE } });
        expect(pit.status).toBe(202);
        const future = await create({ name: "pg-future", datastore: undefined, flavor_ref: "rds.pg.n1.large.2", restore_point: { instance_id: id, type: "timestamp", restore_time: clock.ms + MINUTE } });
        expect(future.status).toBe(400);
        const unknown = await create({ name: "pg-unknown", restore_point: { instance_id: id, type: "backup", backup_id: "nope" } });
        expect(unknown.json).toMatchObject({ error_code: "DBS.201010" });
    });
});

import { startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, validTaurusDbCreateBody, type ErrorBody } from "./test-client";

// The catalogue as clients see it: the three list-flavors routes with their documented query parameters and field
// types, and creates and resizes refused for a flavor or AZ OTC would not accept.

interface RdsFlavor {
    vcpus: string;
    ram: number;
    id: string;
    spec_code: string;
    version_name: string[];
    instance_mode: string;
    az_status: Record<string, string>;
}

describe("simulator: catalogue", () => {
    let sim: RunningSimulator;
    let gauss: SimulatorTestClient;
    let rds: SimulatorTestClient;
    let taurus: SimulatorTestClient;
    const clock = new TestClock();
    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now });
        gauss = new SimulatorTestClient(sim.url);
        rds = new SimulatorTestClient(`${sim.url}/rds`);
        taurus = new SimulatorTestClient(`${sim.url}/gaussdb-mysql`);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    test("RDS GET /flavors/{database_name}: per engine (case-insensitive), version and spec_code filters, documented types", async () => {
        const all = await rds.call<{ flavors: RdsFlavor[] }>("GET", "/flavors/mysql?version_name=8.0");
        expect(all.status).toBe(200);
        const single = all.json.flavors.find((f) => f.spec_code === "rds.mysql.n1.large.2");
        expect(single).toEqual({
            vcpus: "2",
            ram: 4,
            id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
            spec_code: "rds.mysql.n1.large.2",
            version_name: ["5.7", "8.0"],
            instance_mode: "single",
            az_status: expect.objectContaining({ "eu-de-01": "normal", "eu-ch2b": "normal" }),
        });
        expect(all.json.flavors.find((f) => f.spec_code === "rds.mysql.n1.large.2.ha")?.instance_mode).toBe("ha");
        expect(all.json.flavors.find((f) => f.spec_code === "rds.mysql.n1.large.2.rr")?.instance_mode).toBe("replica");
        expect(all.json.flavors.every((f) => f.spec_code.startsWith("rds.mysql."))).toBe(true);

        const one = await rds.call<{ flavors: RdsFlavor[] }>("GET", "/flavors/PostgreSQL?spec_code=rds.pg.n1.large.2.ha");
        expect(one.json.flavors.map((f) => f.spec_code)).toEqual(["rds.pg.n1.large.2.ha"]);
        expect((await rds.call<{ flavors: RdsFlavor[] }>("GET", "/flavors/mysql?version_name=5.1")).json.flavors).toEqual([]);
        const oracle = await rds.call<ErrorBody>("GET", "/flavors/oracle");
        expect([oracle.status, oracle.json.error_code]).toEqual([400, "DBS.200042"]);
    });

    test("openGauss GET /flavors: ha_mode, version, paging with total; vcpus and ram are strings", async () => {
        const page = await gauss.call<{ flavors: Record<string, unknown>[]; total: number }>("GET", "/flavors?ha_mode=enterprise&version=3.208&limit=2&offset=1");
        expect(page.status).toBe(200);
        expect(page.json.total).toBe(4);
        expect(page.json.flavors).toHaveLength(2);
        expect(page.json.flavors[0]).toEqual({
            vcpus: "8",
            ram: "64",
            spec_code: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
            availability_zone: expect.arrayContaining(["eu-de-01", "eu-nl-03", "eu-ch2a"]),
            az_status: expect.objectContaining({ "eu-de-02": "normal" }),
            version: "3.208",
            name: "GaussDB",
            group_type: "normal",
        });
        const bad = await gauss.call<ErrorBody>("GET", "/flavors?limit=101");
        expect([bad.status, bad.json.error_code]).toEqual([400, "DBS.200001"]);
    });

    test("TaurusDB GET /flavors/gaussdb-mysql: availability_zone_mode is mandatory; fields as the reference's example", async () => {
        const listed = await taurus.call<{ flavors: Record<string, unknown>[] }>(
            "GET",
            "/flavors/gaussdb-mysql?version_name=8.0&spec_code=gaussdb.mysql.xlarge.x86.8&availability_zone_mode=single",
        );
        expect(listed.json.flavors).toEqual([
            {
                vcpus: "4",
                ram: "32",
                type: "x86",
                id: expect.any(String),
                spec_code: "gaussdb.mysql.xlarge.x86.8",
                instance_mode: "Cluster",
                version_name: "8.0",
                az_status: expect.objectContaining({ "eu-de-01": "normal" }),
            },
        ]);
        const missing = await taurus.call<ErrorBody>("GET", "/flavors/gaussdb-mysql");
        expect([missing.status, missing.json.error_code]).toEqual([400, "DBS.200001"]);
    });

    test("creates refuse an unknown flavor (DBS.200053), an AZ of another region (DBS.200025) and an unknown region (DBS.200024)", async () => {
        const flavor = await gauss.createInstance({ flavor_ref: "gaussdb.opengauss.ee.dn.m6.3xlarge.8.in" });
        expect([flavor.status, (flavor.json as unknown as ErrorBody).error_code]).toEqual([400, "DBS.200053"]);
        const az = await gauss.createInstance({ availability_zone: "eu-nl-01,eu-nl-01,eu-nl-01" });
        expect([az.status, (az.json as unknown as ErrorBody).error_code]).toEqual([400, "DBS.200025"]);
        const region = await gauss.createInstance({ region: "eu-fr" });
        expect([region.status, (region.json as unknown as ErrorBody).error_code]).toEqual([400, "DBS.200024"]);

        const body = {
            name: "orders-mysql",
            datastore: { type: "MySQL", version: "8.0" },
            flavor_ref: "rds.mysql.n1.large.2",
            volume: { type: "CLOUDSSD", size: 40 },
            region: "eu-de",
            availability_zone: "eu-ch2a",
            vpc_id: "v",
            subnet_id: "s",
            security_group_id: "g",
            password: "Str0ng!Passw0rd",
        };
        const rdsAz = await rds.call<ErrorBody>("POST", "/instances", body);
        expect([rdsAz.status, rdsAz.json.error_code]).toEqual([400, "DBS.200025"]);
        const rdsFlavor = await rds.call<ErrorBody>("POST", "/instances", { ...body, availability_zone: "eu-de-01", flavor_ref: "rds.mysql.n9.large.2" });
        expect([rdsFlavor.status, rdsFlavor.json.error_code]).toEqual([400, "DBS.200053"]);
        const pgFlavorOnMysql = await rds.call<ErrorBody>("POST", "/instances", { ...body, availability_zone: "eu-de-01", flavor_ref: "rds.pg.n1.large.2" });
        expect([pgFlavorOnMysql.status, pgFlavorOnMysql.json.error_code]).toEqual([400, "DBS.200053"]);

        const taurusFlavor = await taurus.call<ErrorBody>("POST", "/instances", validTaurusDbCreateBody({ flavor_ref: "gaussdb.mysql.xlarge.x86.16" }));
        expect([taurusFlavor.status, taurusFlavor.json.error_code]).toEqual([400, "DBS.200053"]);
        const taurusAz = await taurus.call<ErrorBody>("POST", "/instances", validTaurusDbCreateBody({ availability_zone_mode: "multi", master_availability_zone: "eu-nl-02" }));
        expect([taurusAz.status, taurusAz.json.error_code]).toEqual([400, "DBS.200025"]);
        expect(Object.values(sim.stats().instancesByProject).reduce((a, b) => a + b, 0)).toBe(0);
    });

    test("resizes refuse a flavor the service does not sell, without starting a job", async () => {
        const created = await gauss.createInstance();
        expect(created.status).toBe(202);
        clock.advance(60 * 60_000);
        const id = created.json.instance.id;
        const resize = await gauss.call<ErrorBody>("PUT", `/instances/${id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.16xlarge.8.in" });
        expect([resize.status, resize.json.error_code]).toEqual([400, "DBS.200053"]);
        const ok = await gauss.call<{ job_id: string }>("PUT", `/instances/${id}/flavor`, { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" });
        expect(ok.status).toBe(202);
        clock.advance(60 * 60_000);

        const created2 = await taurus.call<{ instance: { id: string } }>("POST", "/instances", validTaurusDbCreateBody());
        expect(created2.status).toBe(201);
        clock.advance(60 * 60_000);
        const taurusResize = await taurus.call<ErrorBody>("POST", `/instances/${created2.json.instance.id}/action`, { resize_flavor: { spec_code: "gaussdb.mysql.3xlarge.x86.4" } });
        expect([taurusResize.status, taurusResize.json.error_code]).toEqual([400, "DBS.200053"]);
    });
});

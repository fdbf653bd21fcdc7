import { LifecycleProvider } from "../../provider/resources/lifecycle/lifecycle-provider";
import { rdsInstanceAdapter } from "../../provider/resources/rds-instance/rds-instance-adapter";
import { taurusDbInstanceAdapter } from "../../provider/resources/taurusdb-instance/taurusdb-instance-adapter";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { engineFields, instanceInputs, NETWORK } from "../helpers/rds-provider-inputs";
import { FLAVOR, providerHarness, rawInputs, recorded, simulatedRuntime, unsealed } from "../helpers/provider-harness";

// The checks before any call, through the real providers against the simulator over loopback: region and AZs at
// check (what `pulumi preview` runs), the flavor against the service's own list before a create or resize request.

jest.setTimeout(60_000);

function taurusInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "cart-db",
        flavorRef: "gaussdb.mysql.xlarge.x86.4",
        password: "Cart#Db2024pw",
        ...NETWORK,
        ownerUrn: "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:TaurusDbInstance::cart-db",
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

const count = (prefix: string) =>
    Object.entries(sim.stats().requests)
        .filter(([route]) => route.startsWith(prefix))
        .reduce((sum, [, n]) => sum + n, 0);

async function rdsProvider(label: string) {
    const { runtime, lines, config } = simulatedRuntime(sim, label);
    const provider = new LifecycleProvider(rdsInstanceAdapter, runtime);
    await provider.configure({ config });
    return { provider, lines };
}

describe("at check (pulumi preview), before any request", () => {
    test("an AZ of another region is refused naming the property and the region's AZs, for each resource", async () => {
        const gauss = await providerHarness(sim, "azgauss");
        const g = await gauss.provider.check({}, rawInputs({ availabilityZone: "eu-nl-01,eu-nl-01,eu-nl-01" }));
        expect(g.failures).toEqual([
            { property: "availabilityZone", reason: expect.stringMatching(/^availabilityZone "eu-nl-01" is not an AZ of region eu-de \(eu-nl-01 is in eu-nl\); the AZs of eu-de are eu-de-01, eu-de-02, eu-de-03$/) },
        ]);

        const { provider } = await rdsProvider("azrds");
        const r = await provider.check({}, instanceInputs({ flavorRef: "rds.mysql.n1.large.2.ha", ha: { replicationMode: "async" }, availabilityZones: ["eu-de-01", "eu-ch2b"] }));
        expect(r.failures).toEqual([{ property: "availabilityZones", reason: expect.stringContaining('availabilityZones "eu-ch2b" is not an AZ of region eu-de (eu-ch2b is in eu-ch2)') }]);

        const t = simulatedRuntime(sim, "aztaurus");
        const taurus = new LifecycleProvider(taurusDbInstanceAdapter, t.runtime);
        await taurus.configure({ config: t.config });
        const tc = await taurus.check({}, taurusInputs({ availabilityZoneMode: "multi", masterAvailabilityZone: "eu-de-7" }));
        expect(tc.failures).toEqual([{ property: "masterAvailabilityZone", reason: expect.stringContaining('masterAvailabilityZone "eu-de-7" is not an AZ of region eu-de;') }]);
        expect(count("")).toBe(0);
    });

    test("an unknown region is refused naming the property, whether set on the resource or by configuration", async () => {
        const gauss = await providerHarness(sim, "regprop");
        const own = await gauss.provider.check({}, rawInputs({ region: "eu-fr" }));
        expect(own.failures).toEqual([{ property: "region", reason: 'region "eu-fr" is not an OTC region: use one of eu-de, eu-nl, eu-ch2' }]);

        const configured = await providerHarness(sim, "regconf", { "otc:region": "eu-dee" });
        const fromConfig = await configured.provider.check({}, rawInputs({ availabilityZone: "eu-de-01,eu-de-01,eu-de-01" }));
        expect(fromConfig.failures).toEqual([{ property: "region", reason: expect.stringContaining('region "eu-dee" (from otc:region or OS_REGION_NAME) is not an OTC region') }]);
        expect(count("")).toBe(0);
    });

    test("a resource recorded with values the checks would refuse is not refused while they stay unchanged", async () => {
        const gauss = await providerHarness(sim, "unchanged");
        // As if recorded before this check existed, with an AZ OTC may have opened since this package's list was made.
        const olds = rawInputs({ region: "eu-de", availabilityZone: "eu-de-04,eu-de-04,eu-de-04" });
        const same = await gauss.provider.check(olds, rawInputs({ availabilityZone: "eu-de-04,eu-de-04,eu-de-04" }));
        expect(same.failures).toBeUndefined();
        const moved = await gauss.provider.check(olds, rawInputs({ availabilityZone: "eu-nl-01,eu-nl-01,eu-nl-01" }));
        expect(moved.failures?.map((f) => f.property)).toEqual(["availabilityZone"]);
    });

    test("RDS: ha with a single-instance flavor is refused at check", async () => {
        const { provider } = await rdsProvider("hacheck");
        const { failures } = await provider.check({}, instanceInputs({ ha: { replicationMode: "async" }, availabilityZones: ["eu-de-01", "eu-de-02"] }));
        expect(failures).toEqual([{ property: "flavorRef", reason: expect.stringContaining("flavorRef must be a primary/standby spec code") }]);
    });
});

describe("the flavor, against the service's list, before the request", () => {
    test("openGauss create with an unknown flavor: no create request, the message names flavorRef and the closest flavors", async () => {
        const h = await providerHarness(sim, "badflavor");
        const inputs = await h.checked({ flavorRef: "gaussdb.opengauss.ee.dn.m6.3xlarge.8.in" });
        await expect(h.provider.create(inputs)).rejects.toThrow(
            /^flavorRef: "gaussdb\.opengauss\.ee\.dn\.m6\.3xlarge\.8\.in" is not a flavor this service offers \(openGauss enterprise\)\. Closest: gaussdb\.opengauss\.ee\.dn\.m6\.2xlarge\.8\.in, gaussdb\.opengauss\.ee\.dn\.m6\.4xlarge\.8\.in, gaussdb\.opengauss\.ee\.dn\.m6\.8xlarge\.8\.in\. No request was sent\.$/,
        );
        expect(h.requests("POST /v3/{pid}/instances")).toBe(0);
        expect(h.requests("GET /v3/{pid}/flavors")).toBe(1);
        expect(h.instanceCount()).toBe(0);
    });

    test("openGauss resize to an unknown flavor: no resize request; a valid one is listed once per process and applied", async () => {
        const h = await providerHarness(sim, "badresize");
        const created = await h.provider.create(await h.checked());
        const olds = recorded(created.outs);
        const bad = await h.checked({ flavorRef: "gaussdb.opengauss.ee.dn.m6.4xlarge.16.in" }, { ...olds });
        await expect(h.provider.update(created.id, olds, bad)).rejects.toThrow(/^flavorRef: "gaussdb\.opengauss\.ee\.dn\.m6\.4xlarge\.16\.in" is not a flavor .* Closest: gaussdb\.opengauss\.ee\.dn\.m6\.4xlarge\.8\.in,/);
        expect(h.requests("PUT /v3/{pid}/instances/{id}/flavor")).toBe(0);

        const good = await h.checked({ flavorRef: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" }, { ...olds });
        const updated = await h.provider.update(created.id, olds, good);
        expect(unsealed(updated.outs as Record<string, unknown>)["flavorRef"]).toBe("gaussdb.opengauss.ee.dn.m6.4xlarge.8.in");
        expect(h.requests("PUT /v3/{pid}/instances/{id}/flavor")).toBe(1);
        // create, the refused resize and the applied one: one list call, cached for the process.
        expect(h.requests("GET /v3/{pid}/flavors")).toBe(1);
    });

    test("a no-change update, a refresh and a delete never read the flavor list", async () => {
        const h = await providerHarness(sim, "nochange");
        const created = await h.provider.create(await h.checked());
        const listed = h.requests("GET /v3/{pid}/flavors");
        const olds = recorded(created.outs);
        await h.provider.update(created.id, olds, await h.checked({}, { ...olds }));
        await h.provider.read(created.id, olds);
        await h.provider.delete(created.id, olds);
        expect(h.requests("GET /v3/{pid}/flavors")).toBe(listed);
        expect(h.requests("PUT /v3/{pid}/instances/{id}/flavor")).toBe(0);
    });

    test("when the flavor list cannot be read (403), the create warns and proceeds: OTC decides", async () => {
        const h = await providerHarness(sim, "listdenied");
        sim.addFault({ match: { method: "GET", path: "/flavors$" }, action: { type: "http-error", status: 403, errorCode: "DBS.200010", errorMsg: "The operation is not authorized." } });
        const created = await h.provider.create(await h.checked());
        expect(recorded(created.outs).flavorRef).toBe(FLAVOR);
        expect(h.lines.join("\n")).toMatch(/could not read the flavor list to check flavorRef "gaussdb\.opengauss\.ee\.dn\.m6\.2xlarge\.8\.in" \(.*403.*\); sending the request unchecked, OTC decides/);
        expect(h.requests("POST /v3/{pid}/instances")).toBe(1);
    });

    test("RDS: an unknown flavor is refused with same-engine suggestions; ha with a single flavor is refused by the list's instance_mode", async () => {
        const { provider } = await rdsProvider("rdsflavor");
        const checked = await provider.check({}, instanceInputs({ flavorRef: "rds.mysql.n1.larg.2" }));
        expect(checked.failures ?? []).toEqual([]);
        await expect(provider.create(checked.inputs as never)).rejects.toThrow(/^flavorRef: "rds\.mysql\.n1\.larg\.2" is not a flavor this service offers \(RDS MySQL 8\.0\)\. Closest: rds\.mysql\.n1\.large\.2, /);

        // check refuses this combination; a create reached without it (a program bypassing preview) is refused too.
        const ha = { ...instanceInputs({ flavorRef: "rds.mysql.n1.xlarge.2", ha: { replicationMode: "async" }, availabilityZones: ["eu-de-01", "eu-de-02"] }), region: "eu-de" };
        await expect(provider.create(ha as never)).rejects.toThrow(
            /^flavorRef: "rds\.mysql\.n1\.xlarge\.2" is a single flavor; with ha set the instance is primary\/standby and needs a flavor of instance_mode "ha"\. Closest that fit: rds\.mysql\.n1\.xlarge\.2\.ha, /,
        );
        expect(count("POST /rds/v3/{pid}/instances")).toBe(0);
        expect(count("GET /rds/v3/{pid}/flavors/{id}")).toBe(1);
    });

    test("TaurusDB: an unknown flavor on create is refused before the request", async () => {
        const t = simulatedRuntime(sim, "taurusflavor");
        const taurus = new LifecycleProvider(taurusDbInstanceAdapter, t.runtime);
        await taurus.configure({ config: t.config });
        const checked = await taurus.check({}, taurusInputs({ flavorRef: "gaussdb.mysql.xlarge.arm.4" }));
        expect(checked.failures ?? []).toEqual([]);
        await expect(taurus.create(checked.inputs as never)).rejects.toThrow(/^flavorRef: "gaussdb\.mysql\.xlarge\.arm\.4" is not a flavor this service offers \(TaurusDB 8\.0 single\)\. Closest: gaussdb\.mysql\.xlarge\.x86\.4,/);
        expect(count("POST /gaussdb-mysql/v3/{pid}/instances")).toBe(0);
    });
});

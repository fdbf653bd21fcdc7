import {
    BIGGER_FLAVOR,
    FLAVOR,
    OWNED_NAME,
    OWNERSHIP,
    PASSWORD,
    rawInputs,
    recorded,
    sealed,
    REGION,
} from "../helpers/provider-harness";
import {
    expectNoSecrets,
    harness,
    NEW_PASSWORD,
    recordedOutputs,
    ROUTES,
    sim,
    simulatorPerFile,
    UNKNOWN,
} from "../helpers/gaussdb-provider-cases";

// GaussDbInstanceProvider's methods against the real simulator (see test/helpers/gaussdb-provider-cases.ts). This file:
// check, diff and the whole lifecycle; the other cases are in gaussdb-instance-provider-*.test.ts.

jest.setTimeout(40_000);
simulatorPerFile();

describe("check", () => {
    it("accepts valid inputs and fills in volume.type, keepFailedInstance and the region from config", async () => {
        const h = await harness("check-defaults");
        const { volume: _volume, keepFailedInstance: _keep, ...rest } = rawInputs();
        const result = await h.provider.check({}, { ...rest, volume: { size: 40 } });
        expect(result.failures).toBeUndefined();
        expect(result.inputs).toMatchObject({
            volume: { type: "ULTRAHIGH", size: 40 },
            keepFailedInstance: false,
            region: REGION,
            password: PASSWORD,
            __provider: "shim",
        });
        // An explicit region wins over the configured one.
        const explicit = await h.provider.check({}, rawInputs({ region: "eu-nl" }));
        expect(explicit.inputs["region"]).toBe("eu-nl");
    });

    it("reports one failure per bad property, by path, and never quotes the password", async () => {
        const h = await harness("check-failures");
        const badPassword = "alllowercaseletters"; // one character class only
        const result = await h.provider.check(
            {},
            rawInputs({
                name: "1db",
                volume: { type: "ULTRAHIGH", size: 10 },
                password: badPassword,
                ha: { mode: "cluster" },
                availabilityZone: "EU DE 01",
                timeouts: { create: "soon" },
            }),
        );
        const failures = result.failures ?? [];
        // A secret's failure and a nested property's carry no property (the engine would print the secret beside it,
        // or look the nested one up as a top-level key and print "value {<nil>}"): the reason names them.
        const named = (f: { property: string; reason: string }) => f.property || (f.reason.split(" ")[0] ?? "");
        expect(failures.map(named).sort()).toEqual(
            ["availabilityZone", "ha.mode", "name", "password", "timeouts.create", "volume.size"].sort(),
        );
        expect(failures.filter((f) => f.property === "").map(named).sort()).toEqual(["ha.mode", "password", "timeouts.create", "volume.size"]);
        for (const failure of failures) expect(failure.reason.startsWith(`${named(failure)} `)).toBe(true);
        expect(JSON.stringify(failures)).not.toContain(badPassword);
        // A nested property shows its value in the reason (the engine cannot); a top-level one gets it from the engine.
        expect(failures.find((f) => named(f) === "volume.size")?.reason).toMatch(/at least 40.* \(got 10\)$/);
        expect(failures.find((f) => named(f) === "ha.mode")?.reason).toMatch(/ \(got "cluster"\)$/);
        expect(failures.find((f) => f.property === "availabilityZone")?.reason).not.toContain("got");

        // Too short, too long, wrong type: still named, still never quoted.
        for (const password of ["Ab1!", "Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!", 12345678]) {
            const r = await h.provider.check({}, rawInputs({ password }));
            expect(r.failures?.map((f) => f.reason.split(" ")[0])).toEqual(["password"]);
            expect(r.failures?.map((f) => f.property)).toEqual([""]);
            expect(JSON.stringify(r.failures)).not.toContain(String(password));
        }
    });

    it.each([
        ["flavorRef", { flavorRef: "s3.xlarge.4" }, /openGauss spec code/],
        ["availabilityZone", { availabilityZone: "eu-de-01,eu-de-02" }, /three AZs/],
        ["availabilityZone", { availabilityZone: "eu-de-01,eu-de-01,eu-de-02" }, /all the same or all different/],
        ["volume.size", { volume: { type: "ULTRAHIGH", size: 100 } }, /multiple of 40 GB/],
        ["volume.type", { volume: { type: "SSD", size: 40 } }, /ULTRAHIGH/],
        ["datastoreVersion", { datastoreVersion: "V2.0-3.208" }, /engine version like "3.208"/],
        ["port", { port: 5000 }, /reserves/],
    ])("rejects what OTC would reject: %s %j", async (property, change, reason) => {
        const h = await harness("check-otc-rules");
        const result = await h.provider.check({}, rawInputs(change));
        expect(result.failures).toHaveLength(1);
        expect(result.failures?.[0]?.property).toBe(property.includes(".") ? "" : property);
        expect(result.failures?.[0]?.reason.startsWith(`${property} `)).toBe(true);
        expect(result.failures?.[0]?.reason).toMatch(reason);
        // And the simulator refuses the same body, as OTC does.
        const body = h.api.createInstance({
            ...(property === "flavorRef" ? { flavor_ref: (change as Record<string, unknown>)["flavorRef"] } : {}),
            ...(property === "availabilityZone" ? { availability_zone: (change as Record<string, unknown>)["availabilityZone"] } : {}),
            ...(property.startsWith("volume") ? { volume: (change as Record<string, unknown>)["volume"] } : {}),
            ...(property === "datastoreVersion" ? { datastore: { type: "GaussDB", version: "V2.0-3.208" } } : {}),
            ...(property === "port" ? { port: "5000" } : {}),
        });
        expect((await body).status).toBe(400);
    });

    it("says 'is required' for a missing property", async () => {
        const h = await harness("check-required");
        const { flavorRef: _flavor, ...rest } = rawInputs();
        const result = await h.provider.check({}, rest);
        expect(result.failures).toEqual([{ property: "flavorRef", reason: "flavorRef is required" }]);
    });

    it("does not report values that are unknown at preview", async () => {
        const h = await harness("check-unknown");
        const result = await h.provider.check(
            {},
            rawInputs({ volume: { type: "ULTRAHIGH", size: UNKNOWN }, password: UNKNOWN, vpcId: UNKNOWN, ha: UNKNOWN, name: UNKNOWN }),
        );
        expect(result.failures ?? []).toEqual([]);
        // …while a known bad value next to them still is.
        const mixed = await h.provider.check({}, rawInputs({ password: UNKNOWN, volume: { size: 8 } }));
        expect(mixed.failures?.map((f) => f.reason.split(" ")[0])).toEqual(["volume.size"]);
    });

    it("refuses to shrink volume.size below the old inputs, and allows keeping or growing it", async () => {
        const h = await harness("check-shrink");
        const olds = rawInputs({ volume: { type: "ULTRAHIGH", size: 120 } });
        const shrink = await h.provider.check(olds, rawInputs({ volume: { type: "ULTRAHIGH", size: 80 } }));
        expect(shrink.failures).toEqual([{ property: "", reason: expect.stringMatching(/^volume\.size cannot shrink from 120 GB to 80 GB.* \(got 80\)$/) }]);
        for (const size of [120, 160]) {
            const ok = await h.provider.check(olds, rawInputs({ volume: { type: "ULTRAHIGH", size } }));
            expect(ok.failures).toBeUndefined();
        }
    });
});

describe("diff", () => {
    const REPLACE_CASES: [string, Record<string, unknown>][] = [
        ["name", { name: "billing-db" }],
        // The AZs move with the region: check refuses eu-de's AZs in eu-nl.
        ["region", { region: "eu-nl", availabilityZone: "eu-nl-01,eu-nl-01,eu-nl-01" }],
        ["availabilityZone", { availabilityZone: "eu-de-01,eu-de-02,eu-de-03" }],
        ["vpcId", { vpcId: "other-vpc" }],
        ["subnetId", { subnetId: "other-subnet" }],
        ["securityGroupId", { securityGroupId: "other-sg" }],
        ["ha.mode", { ha: { mode: "centralization_standard" } }],
        ["ha.consistency", { ha: { mode: "enterprise", consistency: "eventual" } }],
        ["ha.replicationMode", { ha: { mode: "enterprise", replicationMode: "sync" } }],
        ["datastoreVersion", { datastoreVersion: "8.103" }],
        ["port", { port: 8100 }],
    ];

    it.each(REPLACE_CASES)("a change of %s replaces, deleting first", async (path, change) => {
        const h = await harness("diff-replace");
        const olds = await recordedOutputs(h);
        const news = await h.checked(change);
        const replaces = path === "region" ? ["region", "availabilityZone"] : [path];
        expect(await h.provider.diff("id", olds, news)).toEqual({ changes: true, replaces, deleteBeforeReplace: true });
    });

    it.each([
        ["flavorRef", { flavorRef: BIGGER_FLAVOR }],
        ["volume.size", { volume: { type: "ULTRAHIGH", size: 80 } }],
        ["password", { password: NEW_PASSWORD }],
    ])("a change of %s is an update in place", async (_path, change) => {
        const h = await harness("diff-update");
        const olds = await recordedOutputs(h);
        const diff = await h.provider.diff("id", olds, await h.checked(change));
        expect(diff.changes).toBe(true);
        expect(diff.replaces ?? []).toEqual([]);
        expect(diff.deleteBeforeReplace).toBeUndefined();
    });

    it("a change of only timeouts or keepFailedInstance is an update of the state alone, never a replacement", async () => {
        const h = await harness("diff-state-only");
        const olds = await recordedOutputs(h);
        expect(await h.provider.diff("id", olds, await h.checked())).toEqual({ changes: false });
        expect(await h.provider.diff("id", olds, await h.checked({ timeouts: { create: "5m", delete: "90s" } }))).toEqual({ changes: true });
        expect(await h.provider.diff("id", olds, await h.checked({ keepFailedInstance: true }))).toEqual({ changes: true });
    });

    it("ignores the ownership token and adoptInstanceId after the create (0.1.0 state has no token)", async () => {
        const h = await harness("diff-create-only");
        const { ownership: _token, ...legacy } = await recordedOutputs(h);
        expect(await h.provider.diff("id", legacy as typeof _token & typeof legacy, await h.checked())).toEqual({ changes: false });
        expect(await h.provider.diff("id", legacy as never, await h.checked({ ownership: UNKNOWN }))).toEqual({ changes: false });
        expect(await h.provider.diff("id", await recordedOutputs(h), await h.checked({ adoptInstanceId: "abc" }))).toEqual({ changes: false });
    });

    it("a recorded failedJob replaces; a recorded pendingJob is a change in place", async () => {
        const h = await harness("diff-jobs");
        const news = await h.checked();
        const failed = { ...(await recordedOutputs(h)), status: "FAILED", failedJob: { id: "j1", name: "CreateGaussDBV5Instance", failReason: "x" } };
        const failedDiff = await h.provider.diff("id", failed, news);
        expect(failedDiff).toMatchObject({ changes: true, deleteBeforeReplace: true });
        expect(failedDiff.replaces?.length).toBeGreaterThan(0);

        const pending = { ...(await recordedOutputs(h)), pendingJob: { id: "j2", name: "ResizeGaussDBV5Flavor", submittedAt: new Date().toISOString() } };
        const pendingDiff = await h.provider.diff("id", pending, news);
        expect(pendingDiff.changes).toBe(true);
        expect(pendingDiff.replaces ?? []).toEqual([]);
    });

    it("an unknown value of an update-in-place property is a change", async () => {
        const h = await harness("diff-unknown-upd");
        const olds = await recordedOutputs(h);
        const diff = await h.provider.diff("id", olds, { ...(await h.checked()), flavorRef: UNKNOWN });
        expect(diff.changes).toBe(true);
    });

    it("an unknown value of a replace-only property is a possible replacement (shown at preview)", async () => {
        const h = await harness("diff-unknown-rep");
        const olds = await recordedOutputs(h);
        const diff = await h.provider.diff("id", olds, { ...(await h.checked()), vpcId: UNKNOWN });
        expect(diff.changes).toBe(true);
        expect(diff.replaces).toContain("vpcId");
    });
});

describe("create, read, update, delete", () => {
    it("creates, reads, resizes + enlarges + changes the password, deletes, and reads nothing after", async () => {
        const h = await harness("lifecycle");
        const inputs = await h.checked();

        const created = await h.provider.create(inputs);
        const outs = recorded(created.outs);
        expect(outs.status).toBe("ACTIVE");
        expect(outs.instanceName).toMatch(/^orders-db-[0-9a-f]{8}$/);
        expect(outs.instanceName).toBe(OWNED_NAME);
        expect(outs.password).toBe(PASSWORD);
        expect(outs).toMatchObject({ flavorRef: FLAVOR, volume: { type: "ULTRAHIGH", size: 40 }, region: REGION });
        expect(outs.privateIps.length).toBeGreaterThan(0);
        expect(outs.pendingJob).toBeUndefined();
        const [live] = await h.instances();
        expect(live).toMatchObject({ id: created.id, name: outs.instanceName, status: "ACTIVE", flavor_ref: FLAVOR });
        expect(sim.stats().createRequests).toBe(1);
        expect(h.instanceCount()).toBe(1);

        const read = await h.provider.read(created.id, outs);
        expect(read.id).toBe(created.id);
        expect(read.props).toMatchObject({ status: "ACTIVE", instanceName: outs.instanceName, password: sealed(PASSWORD), flavorRef: FLAVOR });
        expect(read.inputs).toBeDefined();
        expect(read.inputs?.["instanceName"]).toBeUndefined();
        expect(read.inputs?.["status"]).toBeUndefined();

        // The program now sends another token (an instance named by an earlier version's token of its own, whose
        // program derives one from the stack's key): it matters only at create, and the outputs keep the one that
        // named the instance.
        const programToken = { token: "9".repeat(32), createdAt: new Date().toISOString() };
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR, volume: { type: "ULTRAHIGH", size: 80 }, password: NEW_PASSWORD, ownership: programToken }, inputs);
        const diff = await h.provider.diff(created.id, outs, news);
        expect(diff).toEqual({ changes: true });
        const updated = await h.provider.update(created.id, outs, news);
        expect(updated.outs).toMatchObject({
            status: "ACTIVE",
            flavorRef: BIGGER_FLAVOR,
            volume: { size: 80 },
            password: sealed(NEW_PASSWORD),
            instanceName: outs.instanceName,
        });
        expect(updated.outs["ownership"]).toEqual(OWNERSHIP);
        const [changed] = await h.instances();
        expect(changed).toMatchObject({ id: created.id, flavor_ref: BIGGER_FLAVOR, volume: { size: 80 }, status: "ACTIVE" });
        expect(h.requests(ROUTES.resize)).toBe(1);
        expect(h.requests(ROUTES.enlarge)).toBe(1);
        expect(h.requests(ROUTES.password)).toBe(1);
        expect(sim.stats().createRequests).toBe(1);

        await h.provider.delete(created.id, recorded(updated.outs));
        expect(h.instanceCount()).toBe(0);
        expect(h.requests(ROUTES.delete)).toBe(1);
        expect(await h.provider.read(created.id, recorded(updated.outs))).toEqual({});
        expectNoSecrets(h, [], [PASSWORD, NEW_PASSWORD]);
    });

    it("reads an instance this stack did not create (GaussDbInstance.get) by id alone", async () => {
        const h = await harness("read-get");
        const created = await h.api.createInstance({ name: "legacy-db" });
        expect(created.status).toBe(202);
        const read = await h.provider.read(created.json.instance.id);
        expect(read.id).toBe(created.json.instance.id);
        expect(read.props).toMatchObject({ instanceName: "legacy-db", flavorRef: created.json.instance.flavor_ref });
        expect(read.inputs).toBeUndefined();
        // Every output the resource class declares is filled from OTC, but the password, which OTC never reports.
        for (const output of ["instanceName", "name", "status", "flavorRef", "volume", "region", "port", "privateIps", "availabilityZone", "vpcId", "subnetId", "securityGroupId", "ha"]) {
            expect([output, read.props?.[output] ?? null]).not.toEqual([output, null]);
        }
        expect(read.props?.["port"]).toBe(8000);
    });
});

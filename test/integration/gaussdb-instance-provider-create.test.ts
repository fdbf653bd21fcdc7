import { ResourceInitError } from "../../provider/resources/lifecycle/resource-init-error";
import { BIGGER_FLAVOR, OWNED_NAME, OWNERSHIP, PASSWORD, recorded, waitOutOfBand } from "../helpers/provider-harness";
import {
    asInitError,
    expectNoSecrets,
    harness,
    programBody,
    rejectionOf,
    ROUTES,
    sim,
    simulatorPerFile,
} from "../helpers/gaussdb-provider-cases";

// GaussDbInstanceProvider's methods against the real simulator (see test/helpers/gaussdb-provider-cases.ts). This file:
// adoption, lost create answers and failed create jobs.

jest.setTimeout(40_000);
simulatorPerFile();

describe("adoption needs proof of ownership", () => {
    it("a second create (the first run was killed after its request) adopts the instance instead of creating another", async () => {
        const h = await harness("adopt-rerun");
        const inputs = await h.checked();
        const first = await h.provider.create(inputs);
        const again = await h.provider.create(inputs);
        expect(again.id).toBe(first.id);
        expect(recorded(again.outs)).toMatchObject({ status: "ACTIVE", instanceName: OWNED_NAME, password: PASSWORD });
        expect(sim.stats().createRequests).toBe(1);
        expect(h.requests(ROUTES.create)).toBe(1);
        expect(h.instanceCount()).toBe(1);
        expect(h.lines.some((line) => line.includes("adopting instance") && line.includes(first.id))).toBe(true);
    });

    it("adopts an instance carrying its token and the program's immutable inputs, still building", async () => {
        const h = await harness("adopt-oob");
        const made = await h.api.createInstance(programBody(OWNED_NAME));
        expect(made.status).toBe(202);
        const created = await h.provider.create(await h.checked());
        expect(created.id).toBe(made.json.instance.id);
        expect(created.outs?.status).toBe("ACTIVE");
        expect(sim.stats().createRequests).toBe(1);
        expect(h.instanceCount()).toBe(1);
    });

    it("without a create job to wait for, waits on the adopted instance's status with progress lines", async () => {
        const h = await harness("adopt-status");
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 4_000 } });
        const made = await h.api.createInstance(programBody(OWNED_NAME));
        // The task list cannot be read: no job, so the instance's own status is what is waited on.
        sim.addFault({ match: { method: "GET", path: "/tasks$" }, times: 1, action: { type: "http-error", status: 400, errorCode: "DBS.200001" } });
        const created = await h.provider.create(await h.checked());
        expect(created.id).toBe(made.json.instance.id);
        expect(created.outs?.status).toBe("ACTIVE");
        expect(h.lines.some((line) => /^orders-db: CreateGaussDBV5Instance (resumed|running|\d)/.test(line))).toBe(true);
        expect(h.lines.some((line) => /^orders-db: CreateGaussDBV5Instance completed/.test(line))).toBe(true);
    });

    it("another stack's token (same project, stack and resource names) never adopts: it creates its own instance", async () => {
        const h = await harness("adopt-other-stack");
        const first = await h.provider.create(await h.checked());
        const otherToken = { token: "a".repeat(32), createdAt: new Date().toISOString() };
        const second = await h.provider.create(await h.checked({ ownership: otherToken }));
        expect(second.id).not.toBe(first.id);
        expect(recorded(second.outs).instanceName).toBe("orders-db-aaaaaaaa");
        expect(h.instanceCount()).toBe(2);
        expect(sim.stats().createRequests).toBe(2);
        expect(h.lines.some((line) => line.includes("adopting"))).toBe(false);
    });

    it("refuses an instance with its name but other immutable inputs, naming the difference, and creates nothing", async () => {
        const h = await harness("adopt-mismatch");
        const made = await h.api.createInstance(programBody(OWNED_NAME, { vpc_id: "someone-elses-vpc" }));
        const error = await rejectionOf(h.provider.create(await h.checked()));
        expect(error.message).toContain(made.json.instance.id);
        expect(error.message).toMatch(/vpcId is someone-elses-vpc, the program says 3ec3b33f/);
        expect(error.message).toContain("adoptInstanceId");
        expect(sim.stats().createRequests).toBe(1);
        expect(h.instanceCount()).toBe(1);
    });

    it("refuses an instance with its name created before its ownership token existed", async () => {
        const h = await harness("adopt-older");
        await h.api.createInstance(programBody(OWNED_NAME));
        const future = { ...OWNERSHIP, createdAt: new Date(Date.now() + 3_600_000).toISOString() };
        const error = await rejectionOf(h.provider.create(await h.checked({ ownership: future })));
        expect(error.message).toMatch(/before this resource's ownership token/);
        expect(sim.stats().createRequests).toBe(1);
    });

    it("with an exact instanceName, an existing instance of that name is refused with the way to take it over", async () => {
        const h = await harness("adopt-exact");
        const made = await h.api.createInstance(programBody("ORDERS_PROD"));
        const error = await rejectionOf(h.provider.create(await h.checked({ instanceName: "ORDERS_PROD" })));
        expect(error.message).toContain(`adoptInstanceId: "${made.json.instance.id}"`);
        expect(error.message).toMatch(/cannot prove that this stack created it/);
        expect(sim.stats().createRequests).toBe(1);
        // Without such an instance the exact name is used as given.
        const h2 = await harness("exact-name");
        const created = await h2.provider.create(await h2.checked({ instanceName: "ORDERS_PROD" }));
        expect(recorded(created.outs).instanceName).toBe("ORDERS_PROD");
    });

    it("refuses to guess between two instances with its name, naming both ids and the name", async () => {
        const h = await harness("adopt-two");
        const a = await h.api.createInstance(programBody(OWNED_NAME));
        const b = await h.api.createInstance(programBody(OWNED_NAME));
        const error = await rejectionOf(h.provider.create(await h.checked()));
        expect(error.message).toContain(a.json.instance.id);
        expect(error.message).toContain(b.json.instance.id);
        expect(error.message).toContain(OWNED_NAME);
        expect(sim.stats().createRequests).toBe(2);
        expect(h.instanceCount()).toBe(2);
    });

    it("adoptInstanceId takes over an existing instance explicitly, without a create, and leaves the password to the next update", async () => {
        const h = await harness("take-over");
        const made = await h.api.createInstance(programBody("hand-made-db", { flavor_ref: BIGGER_FLAVOR }));
        const id = made.json.instance.id;
        const taken = await h.provider.create(await h.checked({ adoptInstanceId: id }));
        expect(taken.id).toBe(id);
        const outs = recorded(taken.outs);
        expect(outs).toMatchObject({ instanceName: "hand-made-db", flavorRef: BIGGER_FLAVOR, status: "ACTIVE" });
        expect(outs.password).toBeUndefined();
        expect(sim.stats().createRequests).toBe(1);
        expect(h.lines.some((line) => line.includes("taking over existing instance hand-made-db"))).toBe(true);
        // The next diff shows what the program changes in place: the flavor back and the password.
        const diff = await h.provider.diff(id, outs, await h.checked({ adoptInstanceId: id }));
        expect(diff).toEqual({ changes: true });
    });

    it("adoptInstanceId never deletes the instance it was handed, even a failed one: it is kept in state", async () => {
        const h = await harness("take-over-failed");
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason: "disk error" } });
        const made = await h.api.createInstance(programBody("broken-db"));
        await waitOutOfBand(h.api, made.json.job_id);
        const error = asInitError(await rejectionOf(h.provider.create(await h.checked({ adoptInstanceId: made.json.instance.id }))));
        expect(error.id).toBe(made.json.instance.id);
        expect(error.properties.status).toBe("FAILED");
        expect(h.instanceCount()).toBe(1);
        expect(h.requests(ROUTES.delete)).toBe(0);
    });

    it("adoptInstanceId refuses an unknown id and an instance that does not match, creating nothing", async () => {
        const h = await harness("take-over-bad");
        const unknown = await rejectionOf(h.provider.create(await h.checked({ adoptInstanceId: "no-such-id" })));
        expect(unknown.message).toMatch(/adoptInstanceId: no GaussDbInstance instance with id no-such-id/);
        const made = await h.api.createInstance(programBody("other-db", { subnet_id: "other-subnet" }));
        const mismatch = await rejectionOf(h.provider.create(await h.checked({ adoptInstanceId: made.json.instance.id })));
        expect(mismatch.message).toMatch(/subnetId is other-subnet, the program says/);
        expect(sim.stats().createRequests).toBe(1);
        expect(h.instanceCount()).toBe(1);
    });
});

describe("lost create answers", () => {
    it("a truncated answer (request processed): finds the instance by name and goes on with it", async () => {
        const h = await harness("lost-truncate");
        sim.addFault({ match: { method: "POST", path: "/instances$" }, times: 1, action: { type: "truncate" } });
        const created = await h.provider.create(await h.checked());
        const [only] = await h.instances();
        expect(created.id).toBe(only?.id);
        expect(created.outs?.status).toBe("ACTIVE");
        expect(h.instanceCount()).toBe(1);
        expect(sim.stats().createRequests).toBe(1);
        expect(h.requests(ROUTES.create)).toBe(1);
        expect(h.lines.some((line) => line.includes("create answer was lost"))).toBe(true);
        expectNoSecrets(h);
    });

    it("a 500 (request not processed): rejects saying that re-running is safe, and creates nothing", async () => {
        const h = await harness("lost-500");
        sim.addFault({ match: { method: "POST", path: "/instances$" }, times: 1, action: { type: "http-error", status: 500 } });
        const error = await rejectionOf(h.provider.create(await h.checked()));
        expect(error).not.toBeInstanceOf(ResourceInitError);
        expect(error.message).toMatch(/Running pulumi up again is safe/);
        expect(error.message).toContain("500");
        expect(h.instanceCount()).toBe(0);
        expect(sim.stats().createRequests).toBe(0);
        expect(h.requests(ROUTES.create)).toBe(1);
        expectNoSecrets(h, [error.message]);
    });

    it("a 429 with Retry-After: the create is retried and makes exactly one instance", async () => {
        const h = await harness("lost-429");
        sim.addFault({
            match: { method: "POST", path: "/instances$" },
            times: 1,
            action: { type: "http-error", status: 429, retryAfterSeconds: 1 },
        });
        const started = Date.now();
        const created = await h.provider.create(await h.checked());
        expect(created.outs?.status).toBe("ACTIVE");
        expect(h.requests(ROUTES.create)).toBe(2);
        expect(sim.stats().createRequests).toBe(1);
        expect(h.instanceCount()).toBe(1);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    });
});

describe("failed create job", () => {
    const FAIL_REASON = "Insufficient resources: flavor gaussdb.opengauss.ee.dn.m6.2xlarge.8.in is sold out in eu-de-01";

    it("by default deletes the failed instance and rejects with OTC's fail_reason verbatim", async () => {
        const h = await harness("fail-rollback");
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason: FAIL_REASON } });
        const error = await rejectionOf(h.provider.create(await h.checked()));
        expect(error).not.toBeInstanceOf(ResourceInitError);
        expect(error.message.split("\n")[0]).toBe(FAIL_REASON);
        expect(error.message).toMatch(/was deleted/);
        expect(h.instanceCount()).toBe(0);
        expect(h.requests(ROUTES.delete)).toBe(1);
        expectNoSecrets(h, [error.message]);
    });

    it("with keepFailedInstance keeps it and records it in state (ResourceInitError), and the next diff replaces it", async () => {
        const h = await harness("fail-keep");
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-fail", failReason: FAIL_REASON } });
        const inputs = await h.checked({ keepFailedInstance: true });
        const error = asInitError(await rejectionOf(h.provider.create(inputs)));
        const [kept] = await h.instances();
        expect(error.id).toBe(kept?.id);
        expect(kept?.status).toBe("FAILED");
        expect(error.properties.__provider).toBe("shim");
        expect(error.properties.status).toBe("FAILED");
        expect(error.properties.failedJob?.failReason).toBe(FAIL_REASON);
        expect(error.properties.instanceName).toBe(OWNED_NAME);
        expect(error.message).toContain(FAIL_REASON);
        expect(h.instanceCount()).toBe(1);
        expect(h.requests(ROUTES.delete)).toBe(0);

        const diff = await h.provider.diff(error.id, error.properties, inputs);
        expect(diff).toMatchObject({ changes: true, deleteBeforeReplace: true });
    });
});

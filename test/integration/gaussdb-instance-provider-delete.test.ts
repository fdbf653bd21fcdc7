import type { GaussDbInstanceOutputs } from "../../provider/resources/gaussdb-instance/gaussdb-instance-inputs";
import { BIGGER_FLAVOR, OWNED_NAME, rawInputs, recorded, waitOutOfBand } from "../helpers/provider-harness";
import { harness, rejectionOf, ROUTES, sim, simulatorPerFile } from "../helpers/gaussdb-provider-cases";

// GaussDbInstanceProvider's methods against the real simulator (see test/helpers/gaussdb-provider-cases.ts). This file:
// delete and busy instances.

jest.setTimeout(40_000);
simulatorPerFile();

describe("delete", () => {
    it("resolves when the instance is already gone", async () => {
        const h = await harness("delete-gone");
        const made = await h.api.createInstance({ name: OWNED_NAME });
        await waitOutOfBand(h.api, made.json.job_id);
        const deleting = await h.api.call<{ job_id: string }>("DELETE", `/instances/${made.json.instance.id}`);
        await waitOutOfBand(h.api, deleting.json.job_id);
        expect(h.instanceCount()).toBe(0);

        const props = { ...rawInputs(), instanceName: made.json.instance.name, status: "ACTIVE", privateIps: [] };
        await expect(h.provider.delete(made.json.instance.id, props as Partial<GaussDbInstanceOutputs>)).resolves.toBeUndefined();
        expect(h.lines.some((line) => line.includes("already gone"))).toBe(true);
    });

    it("rejects with the fail_reason of a failed delete job, and the instance stays", async () => {
        const h = await harness("delete-fail");
        const created = await h.provider.create(await h.checked());
        sim.addFault({
            match: { jobName: "DeleteGaussDBV5Instance" },
            times: 1,
            action: { type: "job-fail", failReason: "The instance is protected by a deletion lock" },
        });
        const error = await rejectionOf(h.provider.delete(created.id, recorded(created.outs)));
        expect(error.message.split("\n")[0]).toBe("The instance is protected by a deletion lock");
        expect(h.instanceCount()).toBe(1);
        const [still] = await h.instances();
        expect(still?.status).toBe("ACTIVE");
    });

    it("waits while the instance is busy with another job, then deletes it", async () => {
        const h = await harness("delete-busy");
        const created = await h.provider.create(await h.checked());
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-duration", ms: 2_000 } });
        const resize = await h.api.call<{ job_id: string }>("PUT", `/instances/${created.id}/flavor`, { flavor_ref: BIGGER_FLAVOR });
        expect(resize.status).toBe(202);

        await h.provider.delete(created.id, recorded(created.outs));
        expect(h.instanceCount()).toBe(0);
        expect(h.requests(ROUTES.delete)).toBeGreaterThanOrEqual(2);
        expect(h.lines.some((line) => line.includes("instance busy with another operation"))).toBe(true);
        const resized = await h.api.getJob(resize.json.job_id);
        expect(resized.json.job.status).toBe("Completed");
    });
});

describe("busy instances are recognised by OTC's error code, whatever the HTTP status", () => {
    it.each([
        [409, "DBS.200019"],
        [400, "DBS.201014"],
        [403, "DBS.212033"],
        [409, "DBS.201205"],
    ])("%i %s is waited for and the delete retried", async (status, errorCode) => {
        const h = await harness(`busy-${status}`);
        const created = await h.provider.create(await h.checked());
        sim.addFault({
            match: { method: "DELETE", path: "/instances/" },
            times: 1,
            action: { type: "http-error", status, errorCode, errorMsg: "Another operation is being performed on the DB instance." },
        });
        await h.provider.delete(created.id, recorded(created.outs));
        expect(h.requests(ROUTES.delete)).toBe(2);
        expect(h.instanceCount()).toBe(0);
        expect(h.lines.some((line) => line.includes("instance busy with another operation"))).toBe(true);
    });

    it("a 400 that is not a busy code fails at once", async () => {
        const h = await harness("busy-not");
        const created = await h.provider.create(await h.checked());
        sim.addFault({ match: { method: "DELETE", path: "/instances/" }, times: 1, action: { type: "http-error", status: 400, errorCode: "DBS.200001" } });
        const error = await rejectionOf(h.provider.delete(created.id, recorded(created.outs)));
        expect(error.message).toContain("DBS.200001");
        expect(h.requests(ROUTES.delete)).toBe(1);
    });
});

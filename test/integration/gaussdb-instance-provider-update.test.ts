import type { GaussDbInstanceOutputs } from "../../provider/resources/gaussdb-instance/gaussdb-instance-inputs";
import {
    BIGGER_FLAVOR,
    FLAVOR,
    PASSWORD,
    recorded,
    sealed,
    unsealed,
    waitOutOfBand,
} from "../helpers/provider-harness";
import {
    asInitError,
    expectNoSecrets,
    harness,
    NEW_PASSWORD,
    rejectionOf,
    ROUTES,
    sim,
    simulatorPerFile,
    slowCreate,
} from "../helpers/gaussdb-provider-cases";

// GaussDbInstanceProvider's methods against the real simulator (see test/helpers/gaussdb-provider-cases.ts). This file:
// deadlines, failed and interrupted updates, state-only changes and progress output.

jest.setTimeout(40_000);
simulatorPerFile();

describe("deadline", () => {
    it("a create past timeouts.create is recorded with its pending job; update resumes that job without a new request", async () => {
        const h = await harness("deadline");
        slowCreate(6_000);
        const inputs = await h.checked({ timeouts: { create: "3s" } });
        const started = Date.now();
        const error = asInitError(await rejectionOf(h.provider.create(inputs)));
        expect(Date.now() - started).toBeLessThan(5_500);
        const pendingJob = error.properties.pendingJob;
        expect(pendingJob?.name).toBe("CreateGaussDBV5Instance");
        expect(pendingJob?.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(error.message).toContain(pendingJob?.id ?? "no pending job");
        expect(error.properties.__provider).toBe("shim");
        const [building] = await h.instances();
        expect(error.id).toBe(building?.id);
        expect(building?.status).toBe("BUILD");

        // A refresh while it still runs keeps the pending job.
        const refreshed = await h.provider.read(error.id, error.properties);
        expect(refreshed.props?.["pendingJob"]).toEqual(pendingJob);

        // Partial state holds the password as a secret, like the success path.
        expect(error.properties.password).toEqual(sealed(PASSWORD));
        // The next `pulumi up`: diff sees the pending job, update waits for it (the engine hands secrets back unwrapped).
        const olds = unsealed(error.properties as unknown as Record<string, unknown>) as unknown as GaussDbInstanceOutputs;
        const diff = await h.provider.diff(error.id, olds, inputs);
        expect(diff.changes).toBe(true);
        const updated = await h.provider.update(error.id, olds, inputs);
        expect(updated.outs?.status).toBe("ACTIVE");
        expect(updated.outs?.pendingJob).toBeUndefined();
        expect(updated.outs?.password).toEqual(sealed(PASSWORD));
        expect(h.lines.some((line) => line.includes(`resuming the wait for CreateGaussDBV5Instance job ${pendingJob?.id}`))).toBe(true);
        expect(sim.stats().createRequests).toBe(1);
        expect(h.requests(ROUTES.create)).toBe(1);
        expect(h.requests(ROUTES.resize) + h.requests(ROUTES.enlarge) + h.requests(ROUTES.password)).toBe(0);
        expect(h.instanceCount()).toBe(1);
    });

    it("a refresh after the pending create job failed records the failure, and the next diff replaces the instance", async () => {
        const h = await harness("deadline-failed");
        sim.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 5_000 } });
        sim.addFault({
            match: { jobName: "CreateGaussDBV5Instance" },
            times: 1,
            action: { type: "job-fail", failReason: "Node creation failed", atPercent: 60 },
        });
        const inputs = await h.checked({ timeouts: { create: "2s" } });
        const error = asInitError(await rejectionOf(h.provider.create(inputs)));
        const pendingJob = error.properties.pendingJob;
        expect(pendingJob?.id).toBeDefined();
        await waitOutOfBand(h.api, pendingJob?.id ?? "");

        const refreshed = await h.provider.read(error.id, error.properties);
        expect(refreshed.props?.["failedJob"]).toEqual({ id: pendingJob?.id, name: "CreateGaussDBV5Instance", failReason: "Node creation failed" });
        expect(refreshed.props?.["status"]).toBe("FAILED");
        const diff = await h.provider.diff(error.id, refreshed.props as GaussDbInstanceOutputs, inputs);
        expect(diff).toMatchObject({ changes: true, deleteBeforeReplace: true });
        expect(sim.stats().createRequests).toBe(1);
    });

    it("a refresh after the pending create job completed forgets the pending job", async () => {
        const h = await harness("deadline-refresh");
        slowCreate(3_500);
        const inputs = await h.checked({ timeouts: { create: "2s" } });
        const error = asInitError(await rejectionOf(h.provider.create(inputs)));
        const pendingJob = error.properties.pendingJob;
        expect(pendingJob?.id).toBeDefined();
        const job = await waitOutOfBand(h.api, pendingJob?.id ?? "");
        expect(job.status).toBe("Completed");

        const refreshed = await h.provider.read(error.id, error.properties);
        expect(refreshed.props?.["status"]).toBe("ACTIVE");
        expect(refreshed.props?.["pendingJob"]).toBeUndefined();
        expect(await h.provider.diff(error.id, unsealed(refreshed.props ?? {}) as unknown as GaussDbInstanceOutputs, inputs)).toEqual({ changes: false });
    });
});

describe("failed update", () => {
    const FAIL_REASON = "The target flavor is not available in the AZ of the standby node";

    it("a failed resize records the old flavor (read back) and the old password (not applied)", async () => {
        const h = await harness("update-fail");
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        const olds = recorded(created.outs);
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-fail", failReason: FAIL_REASON } });
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR, password: NEW_PASSWORD }, inputs);
        const error = asInitError(await rejectionOf(h.provider.update(created.id, olds, news)));
        expect(error.id).toBe(created.id);
        expect(error.message.split("\n")[0]).toBe(FAIL_REASON);
        expect(error.properties.flavorRef).toBe(FLAVOR);
        expect(error.properties.password).toEqual(sealed(PASSWORD));
        expect(error.properties.__provider).toBe("shim");
        expect(error.properties.status).toBe("ACTIVE");
        expect(error.properties.failedJob).toBeUndefined();
        expect(h.requests(ROUTES.password)).toBe(0);
        const [live] = await h.instances();
        expect(live).toMatchObject({ flavor_ref: FLAVOR, status: "ACTIVE" });
        expectNoSecrets(h, [error.message], [PASSWORD, NEW_PASSWORD]);

        // The next `pulumi up` tries again: diff sees the flavor and the password still to change.
        const retry = await h.provider.diff(created.id, error.properties, news);
        expect(retry).toEqual({ changes: true });
    });

    it("a failed enlarge after a completed resize records the new flavor, the old size and the old password", async () => {
        const h = await harness("update-fail2");
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        sim.addFault({ match: { jobName: "EnlargeGaussDBV5Volume" }, times: 1, action: { type: "job-fail", failReason: "Disk quota exceeded" } });
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR, volume: { type: "ULTRAHIGH", size: 80 }, password: NEW_PASSWORD }, inputs);
        const error = asInitError(await rejectionOf(h.provider.update(created.id, recorded(created.outs), news)));
        expect(error.properties.flavorRef).toBe(BIGGER_FLAVOR);
        expect(error.properties.volume.size).toBe(40);
        expect(error.properties.password).toEqual(sealed(PASSWORD));
        expect(h.requests(ROUTES.password)).toBe(0);
    });
});

describe("update: deadlines and interruptions", () => {
    it("a resize past timeouts.update is recorded as pending with the flavor read back; the next update resumes it", async () => {
        const h = await harness("update-deadline");
        const inputs = await h.checked({ timeouts: { update: "3s" } });
        const created = await h.provider.create(inputs);
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-duration", ms: 5_000 } });
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR, timeouts: { update: "3s" } }, inputs);
        const error = asInitError(await rejectionOf(h.provider.update(created.id, recorded(created.outs), news)));
        expect(error.properties.pendingJob?.name).toBe("ResizeGaussDBV5Flavor");
        expect(error.properties.flavorRef).toBe(FLAVOR);

        const resumed = await h.provider.update(created.id, error.properties, { ...news, timeouts: {} });
        expect(resumed.outs).toMatchObject({ flavorRef: BIGGER_FLAVOR, status: "ACTIVE" });
        expect(resumed.outs?.pendingJob).toBeUndefined();
        expect(h.requests(ROUTES.resize)).toBe(1);
    });

    it("an update rerun while the interrupted run's resize still runs waits for it instead of resubmitting it", async () => {
        const h = await harness("update-rerun");
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        // The killed run's resize, still running.
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-duration", ms: 2_000 } });
        const killedRun = await h.api.call<{ job_id: string }>("PUT", `/instances/${created.id}/flavor`, { flavor_ref: BIGGER_FLAVOR });
        expect(killedRun.status).toBe(202);

        const news = await h.checked({ flavorRef: BIGGER_FLAVOR }, inputs);
        const updated = await h.provider.update(created.id, recorded(created.outs), news);
        expect(updated.outs).toMatchObject({ flavorRef: BIGGER_FLAVOR, status: "ACTIVE" });
    });

    it("a failed resize whose read-back fails too does not record the new flavor", async () => {
        const h = await harness("update-noread");
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-fail", failReason: "Resize failed" } });
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR }, inputs);
        const update = rejectionOf(h.provider.update(created.id, recorded(created.outs), news));
        // Once the resize is submitted, the next instance listing (the read-back) is refused (not retryable).
        for (let i = 0; i < 200 && h.requests(ROUTES.resize) === 0; i++) await new Promise((r) => setTimeout(r, 10));
        sim.addFault({ match: { method: "GET", path: "/instances$" }, times: 1, action: { type: "http-error", status: 403, errorCode: "APIGW.0302" } });
        const error = asInitError(await update);
        expect(h.requests(ROUTES.resize)).toBe(1);
        const [live] = await h.instances();
        expect(live?.flavor_ref).toBe(FLAVOR);
        expect(error.properties.flavorRef).toBe(FLAVOR);
        expect((await h.provider.diff(created.id, error.properties, news)).changes).toBe(true);
    });
});

describe("state-only changes", () => {
    it("a change of customTimeouts alone is recorded by an update that sends no request, and reaches delete", async () => {
        const h = await harness("timeouts-only");
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        const news = await h.checked({ timeouts: { delete: "1ms" } }, inputs);
        const updated = await h.provider.update(created.id, recorded(created.outs), news);
        expect(updated.outs).toMatchObject({ timeouts: { delete: "1ms" } });
        // Only the read-back: nothing was changed at OTC.
        const mutations = Object.entries(sim.stats().requests).filter(([route]) => !route.startsWith("GET"));
        expect(mutations.reduce((a, [, n]) => a + n, 0)).toBe(1);
        // The delete now has 1 ms: it times out waiting, which proves the new timeout is the one used.
        sim.addFault({ match: { jobName: "DeleteGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 5_000 } });
        const error = await rejectionOf(h.provider.delete(created.id, recorded(updated.outs)));
        expect(error.message).toMatch(/Timed out after/);
    });
});

describe("progress output", () => {
    it("prints '<resource>: <job> NN% (time)' while a job runs and '… completed (time)' at its end, never a secret", async () => {
        const h = await harness("progress");
        slowCreate(5_000);
        await h.provider.create(await h.checked());
        const createLines = h.lines.filter((line) => line.includes("CreateGaussDBV5Instance"));
        const duration = String.raw`\((\d+ms|\d+s|\d+m\d{2}s)\)`;
        expect(createLines[0]).toMatch(new RegExp(`^orders-db: CreateGaussDBV5Instance submitted ${duration}$`));
        const percentLines = createLines.filter((line) => new RegExp(`^orders-db: CreateGaussDBV5Instance \\d{1,2}% ${duration}$`).test(line));
        expect(percentLines.length).toBeGreaterThan(0);
        expect(createLines[createLines.length - 1]).toMatch(new RegExp(`^orders-db: CreateGaussDBV5Instance completed ${duration}$`));
        expectNoSecrets(h);
    });
});

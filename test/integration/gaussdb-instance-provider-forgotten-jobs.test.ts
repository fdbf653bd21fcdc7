import { BIGGER_FLAVOR, recorded } from "../helpers/provider-harness";
import { harness, ROUTES, sim, simulatorPerFile } from "../helpers/gaussdb-provider-cases";

// GaussDbInstanceProvider's methods against the real simulator (see test/helpers/gaussdb-provider-cases.ts). This file:
// jobs the task center forgets.

jest.setTimeout(40_000);
simulatorPerFile();

describe("a job the task center forgets (OTC purges ended jobs; the answer then is undocumented)", () => {
    // Every plausible answer for a purged job: 400 DBS.200543 (documented for unknown jobs), the same code with 404,
    // and 200 without a job. The job ends, then vanishes at once, before the waiter's next poll sees it ended.
    const ANSWERS = ["400", "404", "empty"] as const;

    it.each(ANSWERS)("answer %s: a delete whose job vanished is done once the instance is gone", async (answer) => {
        const h = await harness(`purge-delete-${answer}`);
        const created = await h.provider.create(await h.checked());
        sim.addFault({ match: { jobName: "DeleteGaussDBV5Instance" }, times: 1, action: { type: "job-purge", answer } });
        // A delete that takes 3 s of real time: the waiter sees it running, then never sees it end.
        sim.addFault({ match: { jobName: "DeleteGaussDBV5Instance" }, times: 1, action: { type: "job-duration", ms: 3_000 } });
        const started = Date.now();
        await h.provider.delete(created.id, recorded(created.outs));
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(h.instanceCount()).toBe(0);
        expect(h.lines.some((line) => /task center (no longer knows|does not know) DeleteGaussDBV5Instance job/.test(line))).toBe(true);
    });

    it.each(ANSWERS)("answer %s: a resize whose job vanished is decided from the instance, which shows the new flavor", async (answer) => {
        const h = await harness(`purge-resize-${answer}`);
        const inputs = await h.checked();
        const created = await h.provider.create(inputs);
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-purge", answer } });
        sim.addFault({ match: { jobName: "ResizeGaussDBV5Flavor" }, times: 1, action: { type: "job-duration", ms: 3_000 } });
        const news = await h.checked({ flavorRef: BIGGER_FLAVOR }, inputs);
        const started = Date.now();
        const updated = await h.provider.update(created.id, recorded(created.outs), news);
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(updated.outs).toMatchObject({ flavorRef: BIGGER_FLAVOR, status: "ACTIVE" });
        expect(h.requests(ROUTES.resize)).toBe(1);
    });
});

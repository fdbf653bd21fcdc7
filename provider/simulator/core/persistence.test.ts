import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimulatorStateFileError, startSimulator } from "../index";
import { SimulatorTestClient, TestClock } from "./test-client";

const MINUTE = 60_000;

describe("simulator: persistence", () => {
    let dataDir: string;
    beforeEach(() => {
        dataDir = mkdtempSync(join(tmpdir(), "otc-sim-"));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it("continues a running job after a restart with the same dataDir, and applies it", async () => {
        const clock = new TestClock();
        const first = await startSimulator({ dataDir, now: clock.now });
        const created = await new SimulatorTestClient(first.url).createInstance({ name: "survivor" });
        expect(created.status).toBe(202);
        clock.advance(6 * MINUTE);
        await first.close();

        clock.advance(MINUTE);
        const second = await startSimulator({ dataDir, now: clock.now });
        try {
            const client = new SimulatorTestClient(second.url);
            expect((await client.getJob(created.json.job_id)).json.job).toMatchObject({ status: "Running", progress: "58%" });
            expect((await client.listInstances("?name=survivor")).json.instances[0]?.status).toBe("BUILD");
            clock.advance(5 * MINUTE);
            expect((await client.getJob(created.json.job_id)).json.job.status).toBe("Completed");
            expect((await client.listInstances("?name=survivor")).json.instances[0]).toMatchObject({
                id: created.json.instance.id,
                status: "ACTIVE",
            });
        } finally {
            await second.close();
        }
        expect(readdirSync(dataDir)).toEqual(["state.json"]); // no temporary files left behind
    });

    it("keeps an injected failure across the restart", async () => {
        const clock = new TestClock();
        const first = await startSimulator({ dataDir, now: clock.now });
        first.addFault({ action: { type: "job-fail", failReason: "disk on fire" } });
        const created = await new SimulatorTestClient(first.url).createInstance();
        await first.close();

        const second = await startSimulator({ dataDir, now: clock.now });
        try {
            clock.advance(6 * MINUTE);
            const job = (await new SimulatorTestClient(second.url).getJob(created.json.job_id)).json.job;
            expect(job).toMatchObject({ status: "Failed", fail_reason: "disk on fire" });
        } finally {
            await second.close();
        }
    });

    it("stores only a hash of the password, and updates it on a password reset", async () => {
        const clock = new TestClock();
        const sim = await startSimulator({ dataDir, now: clock.now });
        try {
            const client = new SimulatorTestClient(sim.url);
            const created = await client.createInstance({ password: "First!Passw0rd" });
            clock.advance(12 * MINUTE);
            const reset = await client.call("POST", `/instances/${created.json.instance.id}/password`, { password: "Second!Passw0rd" });
            expect(reset.status).toBe(200);
            const state = readFileSync(join(dataDir, "state.json"), "utf8");
            expect(state).not.toContain("First!Passw0rd");
            expect(state).not.toContain("Second!Passw0rd");
            expect(state).toContain(createHash("sha256").update("Second!Passw0rd").digest("hex"));
        } finally {
            await sim.close();
        }
    });

    it("refuses to start on a state file it cannot read, rather than overwrite it", async () => {
        writeFileSync(join(dataDir, "state.json"), "{ half a file");
        await expect(startSimulator({ dataDir })).rejects.toThrow(SimulatorStateFileError);
        writeFileSync(join(dataDir, "state.json"), JSON.stringify({ version: 99 }));
        await expect(startSimulator({ dataDir })).rejects.toThrow(/unsupported version 99/);
        expect(readFileSync(join(dataDir, "state.json"), "utf8")).toBe(JSON.stringify({ version: 99 }));
    });

    it("reset() empties the state file too", async () => {
        const sim = await startSimulator({ dataDir });
        try {
            await new SimulatorTestClient(sim.url).createInstance();
            sim.reset();
        } finally {
            await sim.close();
        }
        const again = await startSimulator({ dataDir });
        try {
            expect(again.stats()).toMatchObject({ instances: 0, jobs: 0 });
        } finally {
            await again.close();
        }
    });
});

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/pulumi-cli";

// `npm run demo` as users run it (the script after the build), twice on one state: the mixed stack comes up, then
// nothing changes. Jobs run 600x faster than on OTC so the file stays short.
jest.setTimeout(480_000);

function runDemo(dir: string): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", ["scripts/demo.sh"], {
            cwd: REPO_ROOT,
            env: { ...process.env, OTC_JOBS_DEMO_DIR: dir, OTC_JOBS_DEMO_TIME_SCALE: "600" },
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output }));
    });
}

test("npm run demo brings up the mixed stack, and a second run changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "otc-jobs-demo-"));
    try {
        const first = await runDemo(dir);
        expect(first.code).toBe(0);
        // The stack, three instances, a backup, the stack's ownership key, and the restart (its request and its wait).
        expect(first.output).toMatch(/\+ 8 created/);
        for (const job of [/CreateGaussDBV5Instance completed/, /RestartGaussDBV5Instance completed/, /CreateGaussDBforMySQLInstance completed/]) {
            expect(first.output).toMatch(job);
        }
        expect(first.output).toMatch(/"shop-db \(RDS\)": "ACTIVE"/);
        expect(first.output).not.toMatch(/Demo-[0-9a-f]{12}!a/); // the generated password never shows

        const second = await runDemo(dir);
        expect(second.code).toBe(0);
        expect(second.output).toMatch(/8 unchanged/);
        expect(second.output).not.toMatch(/created|updated|replaced|deleted/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

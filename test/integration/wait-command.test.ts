import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../provider/cli/exit-codes";
import { runWaitCommand, type WaitCommandIo } from "../../provider/cli/wait-command";
import {
    type FaultRule,
    type RunningSimulator,
    SIMULATOR_CREDENTIALS,
    SIMULATOR_PROJECT_ID,
    SIMULATOR_USER,
    simulatorProjectId,
    startSimulator,
} from "../../provider/simulator";
import { submitCreateJob } from "../helpers/submit-create-job";
import { SimulatorTestClient, validTaurusDbCreateBody } from "../../provider/simulator/core/test-client";

// `otc-jobs wait` end to end: runWaitCommand in process (for exit codes and output) and the built CLI as a child
// process, both against the real simulator over loopback HTTP. The command uses the default poll policy (first poll
// after 2 s), so most tests take about that long; jobs are sped up by the simulator's time scale.

jest.setTimeout(60_000);

const REPO_ROOT = join(__dirname, "..", "..");
const TIME_SCALE = 3_000;

let sim: RunningSimulator;

beforeAll(async () => {
    sim = await startSimulator({ timeScale: TIME_SCALE });
});

afterAll(async () => {
    await sim.close();
});

let projectCounter = 0;
function freshProject(): string {
    projectCounter++;
    return `${SIMULATOR_PROJECT_ID.slice(0, 20)}cli${projectCounter}${Date.now().toString(36)}`;
}

async function createJob(projectId: string, instanceName: string, fault?: FaultRule["action"]) {
    if (fault) sim.addFault({ match: { method: "POST", instanceName: `^${instanceName}$` }, times: 1, action: fault });
    return submitCreateJob(sim.url, projectId, instanceName);
}

function envFor(projectId: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
        OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
        OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
        OS_PROJECT_ID: projectId,
        OTC_ENDPOINT: sim.url,
        ...extra,
    };
}

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

async function run(argv: string[], io: Partial<WaitCommandIo> & { env: NodeJS.ProcessEnv }): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await runWaitCommand(argv, {
        stdout: (text) => {
            stdout += text;
        },
        stderr: (text) => {
            stderr += text;
        },
        isTty: false,
        stackConfig: async () => {
            throw new Error("no stack in these tests");
        },
        ...io,
    });
    return { code, stdout, stderr };
}

const requestCount = () => Object.values(sim.stats().requests).reduce((a, b) => a + b, 0);

describe("otc-jobs wait (runWaitCommand)", () => {
    it("exits 0 for a completed job, with plain progress lines on stderr when not on a terminal", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-ok", { type: "job-duration", ms: 3_000 });
        const result = await run([jobId], { env: envFor(projectId) });

        expect(result.code).toBe(EXIT.completed);
        expect(result.stdout).toBe("");
        expect(result.stderr).not.toContain("\r");
        expect(result.stderr).not.toContain("\x1b[");
        const lines = result.stderr.trimEnd().split("\n");
        expect(lines.length).toBeGreaterThanOrEqual(2);
        for (const line of lines) expect(line.startsWith(`${jobId}: CreateGaussDBV5Instance `)).toBe(true);
        expect(lines.some((l) => /CreateGaussDBV5Instance \d+% \(/.test(l))).toBe(true);
        expect(lines.at(-1)).toMatch(new RegExp(`^${jobId}: CreateGaussDBV5Instance completed \\(\\d+s\\)`));
    });

    it("prints the duration once in the final progress line", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-final-line");
        const result = await run([jobId], { env: envFor(projectId) });
        expect(result.code).toBe(EXIT.completed);
        expect(result.stderr.trimEnd().split("\n").at(-1)).toMatch(new RegExp(`^${jobId}: CreateGaussDBV5Instance completed \\(\\d+s\\)$`));
    });

    it("--json prints exactly one JSON object, the completed job, on stdout", async () => {
        const projectId = freshProject();
        const { jobId, instanceId } = await createJob(projectId, "cli-json");
        const result = await run([jobId, "--json"], { env: envFor(projectId) });

        expect(result.code).toBe(EXIT.completed);
        expect(result.stdout.endsWith("\n")).toBe(true);
        expect(result.stdout.trimEnd().split("\n")).toHaveLength(1);
        const json = JSON.parse(result.stdout) as Record<string, unknown>;
        expect(json).toMatchObject({ jobId, name: "CreateGaussDBV5Instance", status: "Completed", failReason: null, instance: { id: instanceId, name: "cli-json" } });
        expect(typeof json["created"]).toBe("string");
        expect(typeof json["ended"]).toBe("string");
    });

    it("--verbose ends with the status calls the wait made and how many were shared", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-verbose", { type: "job-duration", ms: 3_000 });
        const before = sim.stats().requests["GET /v3/{pid}/jobs"] ?? 0;
        const result = await run([jobId, "--verbose", "--quiet"], { env: envFor(projectId) });
        expect(result.code).toBe(EXIT.completed);
        const match = /^otc-jobs wait: (\d+) status lookups?: (\d+) own calls?, (\d+) answered by shared task-list reads, (\d+) by an answer already in hand\n$/.exec(result.stderr);
        expect(match).not.toBeNull();
        const [lookups, own, shared, cached] = match!.slice(1).map(Number);
        // One job alone is polled through the job API: every lookup is its own call, and the simulator saw them.
        expect(own).toBe(lookups);
        expect(shared! + cached!).toBe(0);
        expect((sim.stats().requests["GET /v3/{pid}/jobs"] ?? 0) - before).toBe(own);
    });

    it("--quiet prints nothing on success", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-quiet");
        const result = await run([jobId, "--quiet"], { env: envFor(projectId) });
        expect(result).toEqual({ code: EXIT.completed, stdout: "", stderr: "" });
    });

    it("draws a redrawn progress bar with \\r on a terminal", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-tty", { type: "job-duration", ms: 3_000 });
        const result = await run([jobId], { env: envFor(projectId), isTty: true });

        expect(result.code).toBe(EXIT.completed);
        expect(result.stderr).toMatch(/\r\[#+-*\] \d+% +CreateGaussDBV5Instance /);
        expect(result.stderr).toContain("\x1b[K");
        expect(result.stderr.split("\n")).toHaveLength(2); // one final line, ended by a newline
        expect(result.stderr).toMatch(new RegExp(`\\rCreateGaussDBV5Instance ${jobId}: completed \\(\\d+s\\)\\x1b\\[K\\n$`));
    });

    it("exits 1 for a failed job and prints fail_reason verbatim on a line of its own", async () => {
        const projectId = freshProject();
        const failReason = "An exception occurs when the ECS processes services. [Ecs.0001]  (request id 7a9…)";
        const { jobId } = await createJob(projectId, "cli-fail", { type: "job-fail", failReason, atPercent: 30 });
        const result = await run([jobId, "--json"], { env: envFor(projectId) });

        expect(result.code).toBe(EXIT.failed);
        expect(result.stderr.split("\n")).toContain(failReason);
        expect(result.stderr).toContain(jobId);
        const json = JSON.parse(result.stdout) as Record<string, unknown>;
        expect(json).toMatchObject({ jobId, status: "Failed", failReason });
    });

    describe("usage errors exit 2, name the problem and make no request", () => {
        it.each([
            [["JOB", "--timeout", "abc"], "--timeout"],
            [["JOB", "--unknown-grace", "soon"], "--unknown-grace"],
            [["JOB", "--timeout", "-5m"], "--timeout"],
            [["JOB", "--frobnicate"], "--frobnicate"],
            [["JOB", "--timeout"], "--timeout"],
            [["JOB", "--service", "mysql"], "--service"],
            [[], "<job-id>"],
            [["JOB-1", "JOB-2"], "<job-id>"],
        ])("%j", async (argv, named) => {
            const before = requestCount();
            const result = await run(argv, { env: envFor(freshProject()) });
            expect(result.code).toBe(EXIT.usage);
            expect(result.stderr).toContain(named);
            expect(result.stdout).toBe("");
            expect(requestCount()).toBe(before);
        });
    });

    it("--help prints the usage and exits 0", async () => {
        const result = await run(["--help"], { env: {} });
        expect(result.code).toBe(EXIT.completed);
        expect(result.stdout).toContain("Usage: otc-jobs wait <job-id>");
        expect(result.stdout).toContain("Exit codes:");
    });

    it("exits 3 when the job outlasts --timeout, naming the job and its progress", async () => {
        const projectId = freshProject();
        const { jobId, instanceId } = await createJob(projectId, "cli-slow", { type: "job-duration", ms: 60_000 });
        const result = await run([jobId, "--timeout", "3s", "--json"], { env: envFor(projectId) });

        expect(result.code).toBe(EXIT.timedOut);
        expect(result.stderr).toContain("timed out after");
        // The instance by name and id, what was last seen, and the exact command to wait again.
        expect(result.stderr).toContain(`${jobId} on instance cli-slow (${instanceId})`);
        expect(result.stderr).toMatch(/last seen (Running|Pending)/);
        expect(result.stderr).toContain(`Wait for it again with: otc-jobs wait ${jobId} --timeout 3s --json`);
        expect(JSON.parse(result.stdout)).toMatchObject({ jobId, status: "TimedOut", instance: { id: instanceId, name: "cli-slow" } });
    });

    it("exits 4 without credentials, naming the variables to set", async () => {
        const projectId = freshProject();
        const before = requestCount();
        const result = await run(["some-job"], { env: { OS_PROJECT_ID: projectId, OTC_ENDPOINT: sim.url } });
        expect(result.code).toBe(EXIT.authOrConfig);
        for (const name of ["OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_TOKEN"]) expect(result.stderr).toContain(name);
        expect(requestCount()).toBe(before);
    });

    it("exits 4 without a project id or an endpoint", async () => {
        const noProject = await run(["some-job"], { env: { OS_ACCESS_KEY: "AK", OS_SECRET_KEY: "SK", OTC_ENDPOINT: sim.url } });
        expect(noProject.code).toBe(EXIT.authOrConfig);
        expect(noProject.stderr).toContain("OS_PROJECT_ID");
        const noEndpoint = await run(["some-job"], { env: { OS_ACCESS_KEY: "AK", OS_SECRET_KEY: "SK", OS_PROJECT_ID: "abc" } });
        expect(noEndpoint.code).toBe(EXIT.authOrConfig);
        expect(noEndpoint.stderr).toContain("OS_REGION_NAME");
    });

    it("exits 4 at once for a wrong secret key (401), without printing the key", async () => {
        // A simulator of its own, so that its request counter sees this test only.
        const own = await startSimulator({ timeScale: TIME_SCALE });
        try {
            const projectId = freshProject();
            const { jobId } = await submitCreateJob(own.url, projectId, "cli-badkey");
            const secret = "definitely-the-wrong-secret-key";
            const result = await run([jobId, "--json"], { env: envFor(projectId, { OS_SECRET_KEY: secret, OTC_ENDPOINT: own.url }) });

            expect(result.code).toBe(EXIT.authOrConfig);
            expect(result.stderr).toContain("401");
            expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
            expect(JSON.parse(result.stdout)).toMatchObject({ jobId, status: "Error", httpStatus: 401, errorCode: "APIGW.0301" });
            expect(own.stats().requests["GET /v3/{pid}/jobs"]).toBe(1);
        } finally {
            await own.close();
        }
    });

    it("exits 5 for a job id the task center does not know after --unknown-grace", async () => {
        const projectId = freshProject();
        const result = await run(["ff000000-0000-4000-8000-00000000cafe", "--unknown-grace", "1s", "--json"], { env: envFor(projectId) });
        expect(result.code).toBe(EXIT.notFound);
        expect(result.stderr).toContain("DBS.200543");
        expect(JSON.parse(result.stdout)).toMatchObject({ status: "NotFound" });
    });

    it("takes --endpoint and --project-id over the environment", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-flags");
        const result = await run([jobId, "--endpoint", sim.url, "--project-id", projectId, "--quiet"], {
            env: envFor("otherproject1", { OTC_ENDPOINT: "http://127.0.0.1:9" }),
        });
        expect(result.code).toBe(EXIT.completed);
    });

    it("fills {service} in --endpoint with the service's host label", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-service");
        // The simulator serves GaussDB under /gaussdb as well as at its root.
        const result = await run([jobId, "--endpoint", `${sim.url}/{service}`, "--service", "gaussdb", "--quiet"], { env: envFor(projectId) });
        expect(result.code).toBe(EXIT.completed);
        const elsewhere = await run([jobId, "--endpoint", `${sim.url}/{service}`, "--service", "rds", "--quiet", "--unknown-grace", "1s"], {
            env: envFor(projectId),
        });
        // RDS has its own task center (at /rds), which does not know a GaussDB job.
        expect(elsewhere.code).toBe(EXIT.notFound);
        expect(sim.stats().requests["GET /rds/v3/{pid}/jobs"]).toBeGreaterThan(0);
    });

    it("--service taurusdb falls back to the legacy /mysql/v3 job path where /v3 is not published, saying so once", async () => {
        const projectId = freshProject();
        const taurus = new SimulatorTestClient(`${sim.url}/gaussdb-mysql`, undefined, projectId);
        const created = await taurus.call<{ job_id: string }>("POST", "/instances", validTaurusDbCreateBody({ name: "cli-taurus" }));
        expect(created.status).toBe(201);
        sim.addFault({
            match: { method: "GET", path: `^/gaussdb-mysql/v3/${projectId}/jobs$` },
            action: { type: "http-error", status: 404, errorCode: "APIGW.0101", errorMsg: "The API does not exist or has not been published in the environment" },
        });
        const before = sim.stats().requests["GET /gaussdb-mysql/mysql/v3/{pid}/jobs"] ?? 0;
        const result = await run([created.json.job_id, "--service", "taurusdb", "--endpoint", sim.endpoint, "--verbose"], { env: envFor(projectId) });
        expect(result.code).toBe(EXIT.completed);
        expect(result.stderr.match(/using \/mysql\/v3\/[^ ]+\/jobs for job queries from now on/g)).toHaveLength(1);
        expect(sim.stats().requests["GET /gaussdb-mysql/mysql/v3/{pid}/jobs"] ?? 0).toBeGreaterThan(before);
        // TaurusDB has no task list: nothing was asked of one.
        expect(sim.stats().requests["GET /gaussdb-mysql/v3/{pid}/tasks"] ?? 0).toBe(0);

        const pinned = await run([created.json.job_id, "--service", "taurusdb", "--endpoint", sim.endpoint, "--quiet"], {
            env: envFor(projectId, { OTC_TAURUSDB_JOBS_PATH: "sideways" }),
        });
        expect(pinned.code).toBe(EXIT.authOrConfig);
        expect(pinned.stderr).toContain("OTC_TAURUSDB_JOBS_PATH");
    });

    it("reads otc:* settings from --stack", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-stack");
        const asked: string[] = [];
        const result = await run([jobId, "--stack", "dev", "--quiet"], {
            env: { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey },
            stackConfig: async (stack) => {
                asked.push(stack);
                const values: Record<string, string> = { "otc:projectId": projectId, "otc:endpoint": sim.url };
                return { get: (key) => values[key] };
            },
        });
        expect(asked).toEqual(["dev"]);
        expect(result.code).toBe(EXIT.completed);
    });

    it("exits 130 when interrupted", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-interrupt", { type: "job-duration", ms: 60_000 });
        const controller = new AbortController();
        let stderr = "";
        const code = await runWaitCommand([jobId], {
            stdout: () => undefined,
            stderr: (text) => {
                stderr += text;
                if (stderr.includes("%") && !controller.signal.aborted) controller.abort(new Error("interrupted"));
            },
            isTty: false,
            env: envFor(projectId),
            stackConfig: async () => ({ get: () => undefined }),
            signal: controller.signal,
        });
        expect(code).toBe(EXIT.interrupted);
        expect(stderr).toContain("interrupted");
        expect(stderr).toContain(`${jobId} on instance cli-interrupt`);
        expect(stderr).toContain("keeps running on OTC");
        expect(stderr).toContain(`Wait for it again with: otc-jobs wait ${jobId}\n`);
    });

    it("exits 4 at once for a host name that does not resolve, naming host and URL", async () => {
        const started = Date.now();
        const result = await run(["JOB", "--quiet"], { env: envFor(freshProject(), { OTC_ENDPOINT: "https://gaussdb.no-such-region.invalid" }) });
        expect(result.code).toBe(EXIT.authOrConfig);
        expect(result.stderr).toContain("gaussdb.no-such-region.invalid does not resolve");
        expect(result.stderr).toContain("https://gaussdb.no-such-region.invalid/v3/");
        // Not retried as transient: no backoff, no waiting out the grace period.
        expect(Date.now() - started).toBeLessThan(8_000);
    });

    it("suggests the flag meant by a mistyped one, and exits 2", async () => {
        const result = await run(["JOB", "--tiemout", "5m"], { env: {} });
        expect(result.code).toBe(EXIT.usage);
        expect(result.stderr).toContain("unknown option --tiemout (did you mean --timeout?)");
    });

    it("exits 4 when --stack cannot be read, saying why", async () => {
        const result = await run(["JOB", "--stack", "nope"], {
            env: {},
            stackConfig: async () => {
                throw new Error("error: no stack named 'nope' found");
            },
        });
        expect(result.code).toBe(EXIT.authOrConfig);
        expect(result.stderr).toContain(`cannot read the otc:* config of Pulumi stack "nope" (--stack): error: no stack named 'nope' found`);
    });

    // A stack whose AK/SK are in its config; `secretKeys` are the keys `pulumi config --json` says are secrets.
    async function waitWithStackConfig(instanceName: string, secretKeys: string[]): Promise<Run> {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, instanceName);
        const stack: Record<string, string> = {
            "otc:accessKey": SIMULATOR_CREDENTIALS.accessKey,
            "otc:secretKey": SIMULATOR_CREDENTIALS.secretKey,
            "otc:projectId": projectId,
            "otc:endpoint": sim.url,
        };
        return run([jobId, "--stack", "dev", "--quiet"], {
            env: {},
            stackConfig: async () => ({ get: (key: string) => stack[key], isSecret: (key: string) => secretKeys.includes(key) }),
        });
    }

    it("warns of a stack's secret key that is not stored as a secret, naming the fix and not the value, and waits", async () => {
        const result = await waitWithStackConfig("cli-plain-secret", []);
        expect(result.code).toBe(EXIT.completed);
        expect(result.stderr).toContain(
            "otc-jobs wait: warning: otc:secretKey is stored in plain text in the stack config (Pulumi.dev.yaml): anyone who can read that file can read it. " +
                "Encrypt it with: pulumi config set --secret otc:secretKey <value>",
        );
        expect(result.stderr + result.stdout).not.toContain(SIMULATOR_CREDENTIALS.secretKey);
    });

    it("says nothing of plain text when the stack stores its credentials as secrets", async () => {
        const result = await waitWithStackConfig("cli-secret-ok", ["otc:secretKey"]);
        expect(result.code).toBe(EXIT.completed);
        expect(result.stderr).not.toContain("plain text");
    });

    it("never says \"submitted\" for a job the task center never knew", async () => {
        const result = await run(["no-such-job", "--unknown-grace", "1s"], { env: envFor(freshProject()) });
        expect(result.code).toBe(EXIT.notFound);
        expect(result.stderr).not.toContain("submitted");
        expect(result.stderr).toContain("not known to the task center yet");
    });

    it("keeps the terminal bar moving between polls: elapsed time redrawn before the first answer", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-tty-tick", { type: "job-duration", ms: 60_000 });
        const controller = new AbortController();
        const frames: string[] = [];
        let firstPoll = -1;
        const code = await runWaitCommand([jobId], {
            stdout: () => undefined,
            stderr: (text) => {
                frames.push(text);
                if (firstPoll < 0 && /%/.test(text)) firstPoll = frames.length - 1;
                // Let the bar run a little past the first answer, then stop.
                if (firstPoll >= 0 && frames.length > firstPoll + 2) controller.abort(new Error("done"));
            },
            isTty: true,
            env: envFor(projectId),
            stackConfig: async () => ({ get: () => undefined }),
            signal: controller.signal,
        });
        expect(code).toBe(EXIT.interrupted);
        // The first poll comes after 2 s; before it the bar was redrawn with 0s and 1s.
        const before = frames.slice(0, firstPoll);
        expect(before.some((f) => f.startsWith("\r[") && / 0s/.test(f))).toBe(true);
        expect(before.some((f) => f.startsWith("\r[") && / 1s/.test(f))).toBe(true);
        // After the answer, frames carry the progress and (linear progress) an estimate of the time left.
        expect(frames.slice(firstPoll).some((f) => /\d+%/.test(f))).toBe(true);
    });

    describe("TLS settings (an HTTPS front with a self-signed certificate for 127.0.0.1)", () => {
        let dir: string;
        let front: HttpsServer;
        let frontUrl: string;

        beforeAll(async () => {
            dir = mkdtempSync(join(tmpdir(), "otc-jobs-tls-"));
            execFileSync("openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
            ], { stdio: "ignore" });
            const target = new URL(sim.url);
            front = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
                const upstream = httpRequest(
                    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
                    (answer) => {
                        res.writeHead(answer.statusCode ?? 502, answer.headers);
                        answer.pipe(res);
                    },
                );
                upstream.on("error", () => res.destroy());
                req.pipe(upstream);
            });
            await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
            frontUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
        });

        afterAll(async () => {
            front.closeAllConnections();
            await new Promise((resolve) => front.close(resolve));
            rmSync(dir, { recursive: true, force: true });
        });

        it("refuses the self-signed certificate by default", async () => {
            const projectId = freshProject();
            const { jobId } = await createJob(projectId, "cli-tls-default");
            const result = await run([jobId, "--quiet"], { env: envFor(projectId, { OTC_ENDPOINT: frontUrl }) });
            // Configuration (exit 4), at once, saying what it is and how to fix it.
            expect(result.code).toBe(EXIT.authOrConfig);
            expect(result.stderr).toContain("self-signed");
            expect(result.stderr).toContain(new URL(frontUrl).host);
            expect(result.stderr).toContain("OS_CACERT");
            expect(result.stderr).toContain("OS_INSECURE=true");
        });

        it("trusts the certificate given by OS_CACERT", async () => {
            const projectId = freshProject();
            const { jobId } = await createJob(projectId, "cli-tls-cacert");
            const result = await run([jobId, "--quiet"], { env: envFor(projectId, { OTC_ENDPOINT: frontUrl, OS_CACERT: join(dir, "cert.pem") }) });
            expect(result.stderr).toBe("");
            expect(result.code).toBe(EXIT.completed);
        });

        it("skips verification with OS_INSECURE=true", async () => {
            const projectId = freshProject();
            const { jobId } = await createJob(projectId, "cli-tls-insecure");
            const result = await run([jobId, "--quiet"], { env: envFor(projectId, { OTC_ENDPOINT: frontUrl, OS_INSECURE: "true" }) });
            expect(result.stderr).toBe("");
            expect(result.code).toBe(EXIT.completed);
        });
    });
});

describe("the built CLI as a child process (node dist/cli/main.js wait)", () => {
    // `npm test` builds first; building here would rewrite dist/ under end-to-end tests running beside this one.
    beforeAll(() => {
        if (!existsSync(join(REPO_ROOT, "dist", "cli", "main.js"))) throw new Error("run `npm run build` first (npm test does)");
    });

    function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
        return new Promise((resolve) => {
            execFile(
                process.execPath,
                [join(REPO_ROOT, "dist", "cli", "main.js"), "wait", ...args],
                { cwd: REPO_ROOT, env: { PATH: process.env["PATH"] ?? "", ...env }, timeout: 30_000 },
                (error, stdout, stderr) => {
                    const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
                    resolve({ code, stdout, stderr });
                },
            );
        });
    }

    it("exits 0 and prints the job as JSON", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-child-ok");
        const result = await cli([jobId, "--json"], envFor(projectId));
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toMatchObject({ jobId, status: "Completed" });
        expect(result.stderr).toMatch(/completed/);
    });

    it("exits 0 through a connection reset on the jobs route (retried in a plain Node process)", async () => {
        const projectId = freshProject();
        const { jobId } = await createJob(projectId, "cli-child-reset");
        const path = `/${projectId}/jobs$`;
        sim.addFault({ match: { method: "GET", path }, times: 1, action: { type: "reset" } });
        const result = await cli([jobId, "--quiet"], envFor(projectId));
        expect(result).toMatchObject({ code: 0, stderr: "" });
        // The rule fired (and so was dropped): the reset really happened.
        const { faults } = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: FaultRule[] };
        expect(faults.filter((f) => f.match?.path === path)).toEqual([]);
    });

    it("exits 1 with fail_reason verbatim on stderr", async () => {
        const projectId = freshProject();
        const failReason = "Insufficient ECS quota in eu-de-01.";
        const { jobId } = await createJob(projectId, "cli-child-fail", { type: "job-fail", failReason });
        const result = await cli([jobId], envFor(projectId));
        expect(result.code).toBe(1);
        expect(result.stderr.split("\n")).toContain(failReason);
    });

    it("waits with IAM username/password and a project name, as pulumi up does", async () => {
        const projectName = `eu-de_cli${Date.now().toString(36)}`;
        const { jobId } = await createJob(simulatorProjectId(projectName) ?? "", "cli-child-iam");
        const result = await cli([jobId, "--json"], {
            OS_AUTH_URL: `${sim.url}/v3`,
            OS_USERNAME: SIMULATOR_USER.name,
            OS_PASSWORD: SIMULATOR_USER.password,
            OS_DOMAIN_NAME: SIMULATOR_USER.domainName,
            OS_PROJECT_NAME: projectName,
            OTC_ENDPOINT: sim.url,
        });
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toMatchObject({ jobId, status: "Completed" });
        expect(result.stdout + result.stderr).not.toContain(SIMULATOR_USER.password);
    });

    it("--help on every subcommand, --version, and a suggestion for a mistyped command", async () => {
        const main = join(REPO_ROOT, "dist", "cli", "main.js");
        const runMain = (args: string[]) =>
            new Promise<Run>((resolve) =>
                execFile(process.execPath, [main, ...args], { timeout: 10_000 }, (error, stdout, stderr) =>
                    resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
                ),
            );
        for (const [command, usage] of [
            ["wait", "Usage: otc-jobs wait"],
            ["simulator", "Usage: otc-jobs simulator"],
        ] as const) {
            const result = await runMain([command, "--help"]);
            expect(result.code).toBe(0);
            expect(result.stdout).toContain(usage);
        }
        const version = await runMain(["--version"]);
        expect(version.code).toBe(0);
        expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version);
        const typo = await runMain(["wiat", "JOB"]);
        expect(typo.code).toBe(2);
        expect(typo.stderr).toContain(`unknown command "wiat" (did you mean wait?)`);
    });

    it("exits 2 for a malformed --timeout and 4 without credentials", async () => {
        const usage = await cli(["x", "--timeout", "abc"], envFor(freshProject()));
        expect(usage.code).toBe(2);
        expect(usage.stderr).toContain("--timeout");
        const config = await cli(["x"], { OS_PROJECT_ID: "abc", OTC_ENDPOINT: sim.url });
        expect(config.code).toBe(4);
    });
});

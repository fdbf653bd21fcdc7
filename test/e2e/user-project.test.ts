import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import type { TestStack } from "../helpers/pulumi-cli";
import { userProjectCredentials } from "../helpers/stack-credentials";
import {
    installedPulumiVersion,
    NODENEXT_TSCONFIG,
    installUserProject,
    mustRunIn,
    packInto,
    runIn,
    upRefreshDestroy,
    userEnv,
    writeUserProject,
} from "../helpers/user-project";

// Issue 10's "Done when": in a fresh directory, a project made from Pulumi's TypeScript template (package.json,
// Pulumi.yaml, tsconfig with moduleResolution node, strict, no skipLibCheck) with the packed tarball installed
// type-checks with tsc, runs `pulumi up` / `refresh` / `destroy` against the simulator authenticated by IAM username
// and password with a project name (test/helpers/stack-credentials.ts), and a jest test in it
// with ts-jest's defaults starts the simulator and calls waitForJob. The oldest and newest @pulumi/pulumi the
// package claims are in pulumi-versions.test.ts.
jest.setTimeout(600_000);

// The user's own test of code that waits on OTC jobs: its own simulator, a create submitted over HTTP as any OTC
// client would (signed with the package's signRequest and the simulator's AK/SK), then waitForJob authenticated as
// the stacks are (see stack-credentials.ts); and a job the simulator fails.
const waiterTest = (authModule: string) => `import { JobFailedError, signRequest, waitForJob } from "pulumi-otc-jobs";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, startSimulator } from "pulumi-otc-jobs/simulator";
${authModule}

const PROJECT_ID = SIMULATOR_PROJECT_ID;
let sim: RunningSimulator;

beforeAll(async () => {
    sim = await startSimulator({ timeScale: 600 });
});
afterAll(async () => {
    await sim.close();
});

async function submitCreate(name: string): Promise<string> {
    const url = sim.url + "/v3/" + PROJECT_ID + "/instances";
    const body = JSON.stringify({
        name,
        datastore: { type: "GaussDB", version: "3.208" },
        ha: { mode: "centralization_standard", consistency: "strong", replication_mode: "sync" },
        password: "Str0ng!Passw0rd",
        flavor_ref: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
        volume: { type: "ULTRAHIGH", size: 40 },
        region: "eu-de",
        availability_zone: "eu-de-01,eu-de-01,eu-de-01",
        vpc_id: "vpc-1",
        subnet_id: "subnet-1",
        security_group_id: "sg-1",
    });
    const headers = signRequest({ method: "POST", url, headers: { "Content-Type": "application/json" }, body }, SIMULATOR_CREDENTIALS);
    const response = await fetch(url, { method: "POST", headers, body });
    if (response.status !== 202) throw new Error("create answered " + response.status + ": " + (await response.text()));
    return ((await response.json()) as { job_id: string }).job_id;
}

test("waitForJob resolves when the job completes", async () => {
    const jobId = await submitCreate("waiter-ok");
    const statuses: string[] = [];
    const job = await waitForJob({
        endpoint: sim.url,
        jobId,
        ...otcAuth(sim),
        timeoutMs: 60_000,
        onProgress: (event) => statuses.push(event.status),
    });
    expect(job.status).toBe("Completed");
    expect(job.name).toBe("CreateGaussDBV5Instance");
    expect(statuses).toContain("Completed");
});

test("waitForJob rejects with JobFailedError and OTC's fail_reason", async () => {
    sim.addFault({ match: { instanceName: "^waiter-bad$" }, action: { type: "job-fail", failReason: "No capacity.", atPercent: 30 } });
    const jobId = await submitCreate("waiter-bad");
    const failure = await waitForJob({ endpoint: sim.url, jobId, ...otcAuth(sim), timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JobFailedError);
    expect((failure as JobFailedError).failReason).toBe("No capacity.");
});
`;

let simulator: RunningSimulator;
let workDir: string;
let project: string;
const stacks: TestStack[] = [];

beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 600 });
    workDir = mkdtempSync(join(tmpdir(), "otc-jobs-user-"));
    const tarball = await packInto(workDir);
    project = writeUserProject(workDir, "user-project", tarball, {
        // What a user adds for their own tests; `npx ts-jest config:init` writes the same jest config.
        devDependencies: { jest: "^29.7.0", "ts-jest": "^29.4.0", "@types/jest": "^29.5.0" },
        files: {
            "jest.config.js": 'module.exports = { preset: "ts-jest", testEnvironment: "node" };\n',
            "waiter.test.ts": waiterTest(userProjectCredentials(simulator, "waiter").authModuleSource),
            // Today's template resolves through package.json `exports`; check the test file that way too.
            "tsconfig.nodenext.json": JSON.stringify({ ...NODENEXT_TSCONFIG, files: ["index.ts", "waiter.test.ts"] }, null, 4),
        },
    });
    await installUserProject(project);
});

afterAll(async () => {
    for (const stack of stacks) stack.cleanup();
    await simulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("npm installs one @pulumi/pulumi, in the package's peer range, from the template's range", async () => {
    // A second copy under the package would split Pulumi's runtime state between two module instances.
    expect(existsSync(join(project, "node_modules", "pulumi-otc-jobs", "node_modules", "@pulumi", "pulumi"))).toBe(false);
    const version = await installedPulumiVersion(project);
    // The peer range, read from the installed package: what npm and users see.
    const peer = (await mustRunIn(project, "node", ["-p", 'require("pulumi-otc-jobs/package.json").peerDependencies["@pulumi/pulumi"]'])).trim();
    const satisfied = await mustRunIn(project, "node", ["-p", `require("semver").satisfies(${JSON.stringify(version)}, ${JSON.stringify(peer)})`]);
    expect(satisfied.trim()).toBe("true");
});

test("tsc type-checks the project with the template's tsconfig (moduleResolution node) and with today's (nodenext)", async () => {
    await mustRunIn(project, "npx", ["tsc", "-p", "tsconfig.json", "--noEmit", "--pretty", "false"]);
    await mustRunIn(project, "npx", ["tsc", "-p", "tsconfig.nodenext.json", "--pretty", "false"]);
});

test("pulumi up, refresh and destroy against the simulator", async () => {
    stacks.push(await upRefreshDestroy(simulator, project, "user", { refresh: true }));
});

test("a jest test in the project (ts-jest defaults) starts the simulator and waits with waitForJob", async () => {
    const result = await runIn(project, "npx", ["jest", "--ci", "--colors=false"], userEnv(userProjectCredentials(simulator, "waiter").jestEnv));
    if (result.code !== 0) throw new Error(`jest in the user project failed:\n${result.output}`);
    expect(result.output).toMatch(/Tests:\s+2 passed, 2 total/);
});

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, SIMULATOR_USER, simulatorProjectId, startSimulator } from "../../provider/simulator";
import { DB_PASSWORD } from "../helpers/example-stack";
import { TestStack } from "../helpers/pulumi-cli";
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

/** A project name the simulator accepts, unique per test run, in region eu-de. */
function freshProjectName(label: string): { projectName: string; projectId: string } {
    const projectName = `eu-de_${label}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const projectId = simulatorProjectId(projectName);
    if (!projectId) throw new Error(`the simulator does not accept the project name ${projectName}`);
    return { projectName, projectId };
}

test("OS_CLOUD picks a clouds.yaml entry written with anchors, merge keys, a regions list, comments and a secure.yaml", async () => {
    const { projectName, projectId } = freshProjectName("cloud");
    const dir = mkdtempSync(join(workDir, "openstack-"));
    // What a platform team's shared file looks like: defaults under an anchor merged into each cloud, flow maps, a
    // block scalar, comments after values, a regions list instead of region_name, another team's entry that is not
    // valid for this package (never read), and the password kept apart in secure.yaml.
    writeFileSync(
        join(dir, "clouds.yaml"),
        `# clouds of the platform team
clouds:
  otc-defaults: &defaults
    auth: &auth
      auth_url: ${simulator.url}/v3   # the simulator stands in for IAM
      user_domain_name: ${SIMULATOR_USER.domainName}
    interface: public
    identity_api_version: 3
  legacy:
    auth: [not, a, map]
    region_name: { nested: true }
  ci:
    <<: *defaults
    description: |
      The CI pipeline's cloud.
      Two lines of it.
    auth:
      <<: *auth
      username: '${SIMULATOR_USER.name}'   # it's quoted # and this is a comment
      project_name: ${projectName}
    regions:
      - eu-de
      - eu-nl
`,
    );
    writeFileSync(join(dir, "secure.yaml"), `clouds:
  ci:
    auth:
      password: "${SIMULATOR_USER.password}"
`);
    const credentials = {
        pulumiEnv: { OS_CLOUD: "ci", OS_CLIENT_CONFIG_FILE: join(dir, "clouds.yaml"), OTC_ENDPOINT: simulator.url },
        projectId,
        secretValues: [SIMULATOR_USER.password],
    };
    stacks.push(await upRefreshDestroy(simulator, project, "cloud", { refresh: false, credentials }));
});

test("a clouds.yaml the selected cloud cannot be read from fails preview naming the file, the line and the problem", async () => {
    const dir = mkdtempSync(join(workDir, "openstack-"));
    const file = join(dir, "clouds.yaml");
    writeFileSync(file, `clouds:\n  ci:\n    auth:\n      username: u\n      password: *undefined-anchor\n`);
    const stack = await TestStack.create({
        projectDir: project,
        secrets: { dbPassword: DB_PASSWORD },
        env: { OS_CLOUD: "ci", OS_CLIENT_CONFIG_FILE: file, OTC_ENDPOINT: simulator.url },
    });
    stacks.push(stack);
    // Preview needs no credentials; the create does, so the file is read by `up`.
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.output).toContain(file);
    expect(up.output).toMatch(/line 5/);
    expect(up.output).toMatch(/undefined-anchor/);
});

test("a password set without --secret in stack config: preview and up warn, naming the key and the fix, never the value", async () => {
    const { projectName, projectId } = freshProjectName("plain");
    const stack = await TestStack.create({
        projectDir: project,
        config: {
            "otc:username": SIMULATOR_USER.name,
            "otc:password": SIMULATOR_USER.password,
            "otc:domainName": SIMULATOR_USER.domainName,
            "otc:projectName": projectName,
            "otc:authUrl": `${simulator.url}/v3`,
            "otc:endpoint": simulator.url,
        },
        secrets: { dbPassword: DB_PASSWORD },
    });
    stacks.push(stack);
    const warning = `otc:password is stored in plain text in the stack config (Pulumi.${stack.name}.yaml)`;
    const fix = "pulumi config set --secret otc:password <value>";
    const preview = await stack.preview();
    expect(preview.code).toBe(0);
    expect(preview.output).toContain(warning);
    expect(preview.output).toContain(fix);
    // A warning, not a refusal: the stack deploys, once told.
    const up = await stack.up();
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
    // Once per run (Pulumi repeats each diagnostic in its summary), not once per resource.
    const diagnostics = up.output.slice(up.output.indexOf("Diagnostics:"));
    expect(diagnostics.split(warning).length - 1).toBe(1);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);
    // The fix the warning gives silences it.
    await stack.setConfig("otc:password", SIMULATOR_USER.password, true);
    const fixed = await stack.preview(["--expect-no-changes"]);
    expect(fixed.code).toBe(0);
    expect(fixed.output).not.toContain("plain text");
    const destroyed = await stack.destroy();
    if (destroyed.code !== 0) throw new Error(`pulumi destroy failed:\n${destroyed.output}`);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
    for (const output of [preview.output, up.output, fixed.output, destroyed.output]) expect(output).not.toContain(SIMULATOR_USER.password);
});

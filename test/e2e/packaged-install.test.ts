import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { DB_PASSWORD, uniqueProjectId } from "../helpers/example-stack";
import { instancesIn, REPO_ROOT, TestStack } from "../helpers/pulumi-cli";

// `npm pack` gives a package that installs and works in another Pulumi project: the provider shim in the state
// loads the implementation from that project's node_modules, so an upgraded package applies to resources that
// already exist. GaussDbInstance.get reads an instance this stack does not own.
jest.setTimeout(600_000);

let simulator: RunningSimulator;
let workDir: string;
let projectDir: string;
const stacks: TestStack[] = [];

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { GaussDbInstance } from "pulumi-otc-jobs";

const config = new pulumi.Config();
const db = new GaussDbInstance("billing-db", {
    flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { size: 40 },
    password: config.requireSecret("dbPassword"),
    availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    ha: { mode: "centralization_standard" },
});
export const instanceName = db.instanceName;

const existingId = config.get("existingId");
const existing = existingId ? GaussDbInstance.get("existing", existingId) : undefined;
export const existingName = existing?.instanceName;
export const existingFlavor = existing?.flavorRef;
`;

beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 600 });
    workDir = mkdtempSync(join(tmpdir(), "otc-jobs-pack-"));
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", workDir, "--silent"], { cwd: REPO_ROOT, stdio: "ignore" });
    const tarball = readdirSync(workDir).find((f) => f.endsWith(".tgz"));
    projectDir = join(workDir, "project");
    mkdirSync(projectDir);
    writeFileSync(
        join(projectDir, "package.json"),
        JSON.stringify({
            name: "consumer",
            private: true,
            dependencies: { "pulumi-otc-jobs": `file:../${tarball}`, "@pulumi/pulumi": "3.248.0", typescript: "5.9.3" },
        }),
    );
    writeFileSync(join(projectDir, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\n");
    writeFileSync(join(projectDir, "index.ts"), PROGRAM);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: projectDir, stdio: "ignore" });
});

afterAll(async () => {
    for (const stack of stacks) stack.cleanup();
    await simulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("the packed package works in another project, and upgrades reach existing resources", async () => {
    const projectId = uniqueProjectId("packed");
    const api = new SimulatorTestClient(simulator.url, undefined, projectId);
    const foreign = await api.createInstance({ name: "legacy-db" });
    expect(foreign.status).toBe(202);
    const foreignId = (foreign.json as { instance: { id: string } }).instance.id;

    const stack = await TestStack.create({
        projectDir,
        config: { "otc:endpoint": simulator.url, "otc:region": "eu-de", existingId: foreignId },
        secrets: { dbPassword: DB_PASSWORD },
        env: {
            OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
            OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
            OS_PROJECT_ID: projectId,
        },
    });
    stacks.push(stack);

    const created = await stack.up();
    if (created.code !== 0) throw new Error(created.output);
    const outputs = await stack.outputs();
    expect(outputs["instanceName"]).toMatch(/^billing-db-[0-9a-f]{8}$/);
    expect(outputs["existingName"]).toBe("legacy-db");
    expect(simulator.stats().createRequests).toBeGreaterThanOrEqual(2);

    // "Upgrade" the installed package: the state's shim must run the new code, not a frozen copy.
    const runtimeFile = join(projectDir, "node_modules", "pulumi-otc-jobs", "dist", "resources", "provider-runtime.js");
    appendFileSync(runtimeFile, '\nprocess.stdout.write("pulumi-otc-jobs upgraded implementation loaded\\n");\n');
    const refreshed = await stack.refresh();
    expect(refreshed.code).toBe(0);
    expect(refreshed.output).toContain("pulumi-otc-jobs upgraded implementation loaded");
    const preview = await stack.preview(["--expect-no-changes"]);
    expect(preview.code).toBe(0);

    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(instancesIn(await stack.exportState())).toHaveLength(0);
    // Only the stack's own instance is gone; the one it merely read stays.
    const left = (await api.listInstances()).json as { instances: { id: string }[] };
    expect(left.instances.map((i) => i.id)).toEqual([foreignId]);
});

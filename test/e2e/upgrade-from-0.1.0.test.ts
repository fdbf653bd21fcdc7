import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../../provider/simulator";
import { instancesIn, REPO_ROOT, type StackExport, TestStack } from "../helpers/pulumi-cli";

// A stack made by the released 0.1.0 (commit 7c19b80, see test/fixtures/v0.1.0-stack/make-fixture.sh): its state
// export, its config file and the simulator's data with its two instances. This version must take it over as it is:
// no replacement and no change of the instances, then update, refresh and destroy them.
jest.setTimeout(300_000);

const FIXTURE = join(REPO_ROOT, "test", "fixtures", "v0.1.0-stack");
const FIXTURE_ENDPOINT = "http://127.0.0.1:38197";
const PROJECT_ID = "v010fixture";

let simulator: RunningSimulator;
let dataDir: string;
let stack: TestStack;
let original: StackExport;

beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "otc-jobs-v010-"));
    copyFileSync(join(FIXTURE, "simulator-state.json"), join(dataDir, "state.json"));
    simulator = await startSimulator({ dataDir, timeScale: 300 });
    stack = await TestStack.create({
        name: "v010",
        configFileContent: readFileSync(join(FIXTURE, "Pulumi.v010.yaml"), "utf8"),
        env: { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey, OS_PROJECT_ID: PROJECT_ID },
    });
    await stack.setConfig("otc:endpoint", simulator.url);
    // The same stack on another machine: only the simulator's address differs from the one the fixture recorded.
    const exported = readFileSync(join(FIXTURE, "state.json"), "utf8").split(FIXTURE_ENDPOINT).join(simulator.url);
    original = JSON.parse(exported) as StackExport;
    const importFile = join(stack.dir, "import.json");
    writeFileSync(importFile, exported);
    await stack.mustRun(["stack", "import", "--file", importFile, "--stack", stack.name, "--non-interactive"]);
});

afterAll(async () => {
    stack?.cleanup();
    await simulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
});

interface PreviewStep {
    op: string;
    urn: string;
}

test("a 0.1.0 stack upgrades with no replacement and no change to its instances, then updates, refreshes and destroys", async () => {
    const instancesBefore = instancesIn(original);
    expect(instancesBefore).toHaveLength(2);

    const preview = await stack.mustRun(["preview", "--json", "--stack", stack.name, "--config-file", stack.configFile, "--non-interactive"]);
    const plan = JSON.parse(preview.stdout) as { steps: PreviewStep[]; changeSummary: Record<string, number> };
    // The stack and both instances are unchanged; the only additions are one state-only ownership token per
    // instance, which makes no OTC call. No replace, no update.
    expect(plan.changeSummary).toEqual({ same: 3, create: 2 });
    expect(plan.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
        "create orders-db-1-ownership",
        "create orders-db-2-ownership",
    ]);

    const mutations = () =>
        Object.entries(simulator.stats().requests)
            .filter(([route]) => !route.startsWith("GET") && !route.includes("_sim"))
            .reduce((sum, [, n]) => sum + n, 0);
    const up = await stack.up();
    if (up.code !== 0) throw new Error(up.output);
    expect(mutations()).toBe(0);
    const after = instancesIn(await stack.exportState());
    for (const before of instancesBefore) {
        const now = after.find((r) => r.urn === before.urn);
        expect(now?.id).toBe(before.id);
        expect(now?.outputs?.["instanceName"]).toBe(before.outputs?.["instanceName"]);
        expect(now?.outputs?.["flavorRef"]).toBe(before.outputs?.["flavorRef"]);
        expect(now?.outputs?.["password"]).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    }
    const again = await stack.run(["preview", "--expect-no-changes", "--stack", stack.name, "--config-file", stack.configFile, "--non-interactive"]);
    expect(again.code).toBe(0);

    // The upgraded resources keep working: an in-place resize, a refresh, a destroy.
    await stack.setConfig("flavorRef", "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in");
    const resized = await stack.up();
    if (resized.code !== 0) throw new Error(resized.output);
    expect(resized.output).toMatch(/ResizeGaussDBV5Flavor completed/);
    expect(resized.output).not.toMatch(/replace/);
    expect(simulator.stats().createRequests).toBe(0);
    expect((await stack.refresh()).code).toBe(0);
    const destroyed = await stack.destroy();
    if (destroyed.code !== 0) throw new Error(destroyed.output);
    expect(simulator.stats().instancesByProject[PROJECT_ID]).toBeUndefined();
});

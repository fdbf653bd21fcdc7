import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "../../provider/simulator";
import { REPO_ROOT, type StackExport, TestStack } from "./pulumi-cli";

/** A stack made by a released version (test/fixtures/<dir>, see make-stack-fixture.sh), taken over on this machine. */
export interface FixtureStack {
    simulator: RunningSimulator;
    stack: TestStack;
    /** The fixture's state, with the simulator's address of this run. */
    original: StackExport;
    /** Requests that could change something at OTC (anything but GET) since the simulator started. */
    mutatingRequests(): number;
    cleanup(): Promise<void>;
}

/**
 * The fixture's simulator data (its instances) served by a simulator of this version, and its state imported into
 * a fresh local backend with its own config file (encryption salt and secrets): the same stack on another machine,
 * where only the simulator's address differs from the one the fixture recorded.
 */
export async function fixtureStack(dir: string, stackName: string, projectId: string): Promise<FixtureStack> {
    const fixture = join(REPO_ROOT, "test", "fixtures", dir);
    const dataDir = mkdtempSync(join(tmpdir(), `otc-jobs-${stackName}-`));
    copyFileSync(join(fixture, "simulator-state.json"), join(dataDir, "state.json"));
    const simulator = await startSimulator({ dataDir, timeScale: 300 });
    const stack = await TestStack.create({
        name: stackName,
        configFileContent: readFileSync(join(fixture, `Pulumi.${stackName}.yaml`), "utf8"),
        env: { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey, OS_PROJECT_ID: projectId },
    });
    await stack.setConfig("otc:endpoint", simulator.url);
    const recorded = readFileSync(join(fixture, "state.json"), "utf8");
    const endpoint = /"otc:endpoint": "(http:\/\/127\.0\.0\.1:\d+)"/.exec(recorded)?.[1];
    if (!endpoint) throw new Error(`${dir}/state.json records no otc:endpoint`);
    const exported = recorded.split(endpoint).join(simulator.url);
    const importFile = join(stack.dir, "import.json");
    writeFileSync(importFile, exported);
    await stack.mustRun(["stack", "import", "--file", importFile, "--stack", stack.name, "--non-interactive"]);
    return {
        simulator,
        stack,
        original: JSON.parse(exported) as StackExport,
        mutatingRequests: () =>
            Object.entries(simulator.stats().requests)
                .filter(([route]) => !route.startsWith("GET") && !route.includes("_sim"))
                .reduce((sum, [, n]) => sum + n, 0),
        cleanup: async () => {
            stack.cleanup();
            await simulator.close();
            rmSync(dataDir, { recursive: true, force: true });
        },
    };
}

export interface PreviewPlan {
    steps: { op: string; urn: string }[];
    changeSummary: Record<string, number>;
}

/** `pulumi preview --json` of the stack. */
export async function previewPlan(stack: TestStack): Promise<PreviewPlan> {
    const preview = await stack.mustRun(["preview", "--json", "--stack", stack.name, "--config-file", stack.configFile, "--non-interactive"]);
    return JSON.parse(preview.stdout) as PreviewPlan;
}

/** `pulumi preview --expect-no-changes`: exit code 0 only when the program and the upgraded state agree. */
export async function previewExpectingNoChanges(stack: TestStack): Promise<number | null> {
    return (await stack.run(["preview", "--expect-no-changes", "--stack", stack.name, "--config-file", stack.configFile, "--non-interactive"])).code;
}

/** Both fixture instances resized to the next flavor: the upgraded resources must change it in place, by its job. */
export async function resizeInPlace(stack: TestStack): Promise<string> {
    await stack.setConfig("flavorRef", "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in");
    const resized = await stack.up();
    if (resized.code !== 0) throw new Error(resized.output);
    return resized.output;
}

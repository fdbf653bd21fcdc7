import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/simulator-test-client";
import { exampleStack, uniqueProjectId } from "../helpers/example-stack";
import { commandLineOf, descendantsOf, instancesIn, isAlive, killQuietly, type TestStack } from "../helpers/pulumi-cli";

// A real `pulumi up` process (the CLI, the language host and the provider plugin, in one process group) is
// interrupted after its create request reached OTC; the next `pulumi up` must adopt that instance.
jest.setTimeout(300_000);

let simulator: RunningSimulator;
const stacks: TestStack[] = [];

beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 60 });
});
afterAll(async () => {
    for (const stack of stacks) stack.cleanup();
    await simulator.close();
});
beforeEach(() => simulator.reset());

async function stackFor(label: string) {
    const projectId = uniqueProjectId(label);
    const stack = await exampleStack(simulator, projectId);
    stacks.push(stack);
    return { stack, projectId, api: new SimulatorTestClient(simulator.url, undefined, projectId) };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

test.each([
    ["SIGKILL of the whole process group", ["SIGKILL"]],
    ["Ctrl-C twice", ["SIGINT", "SIGINT"]],
] as const)("pulumi up killed by %s mid-create: the next up adopts the instance, destroy leaves zero", async (_label, signals) => {
    const { stack, projectId } = await stackFor("kill");
    const { child, result } = stack.spawnUp();
    await until(() => simulator.stats().createRequests === 1, "the create request");
    const tree = descendantsOf(child.pid!);
    const providers = tree.filter((pid) => /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(commandLineOf(pid)));
    expect(providers.length).toBeGreaterThan(0);
    for (const signal of signals) {
        process.kill(-child.pid!, signal);
        await new Promise((r) => setTimeout(r, 300));
    }
    const killed = await result;
    // Plugins Pulumi started outside its process group outlive it; the provider notices its engine is gone and
    // exits instead of polling on (and looping on EPIPE).
    // (Pulumi's own language host checks its engine only every few minutes; it is killed at the end.)
    await until(() => providers.every((pid) => !isAlive(pid)), "the orphaned provider to exit", 20_000);
    expect(killed.code === 0).toBe(false);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);

    // A killed CLI leaves its lock behind; `pulumi cancel` is what the user runs (see README).
    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    if (resumed.code !== 0) throw new Error(resumed.output);
    if (process.env.E2E_DEBUG) process.stdout.write(killed.output + "\n=====\n" + resumed.output);
    expect(resumed.output).toMatch(/adopting instance orders-db-[0-9a-f]{8} \(\w+, status (BUILD|ACTIVE)\) created by an earlier, interrupted run/);
    expect(simulator.stats().createRequests).toBe(1);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);
    const state = instancesIn(await stack.exportState());
    expect(state).toHaveLength(1);
    const listed = await new SimulatorTestClient(simulator.url, undefined, projectId).listInstances();
    const instances = (listed.json as { instances: { id: string; status: string }[] }).instances;
    expect(instances).toHaveLength(1);
    expect(state[0]?.id).toBe(instances[0]?.id);
    expect(instances[0]?.status).toBe("ACTIVE");

    // Pulumi keeps the interrupted create in the checkpoint (and warns about it) until a refresh clears it.
    const pending = (await stack.exportState()).deployment.pending_operations ?? [];
    process.stdout.write(`pending operations after the adopting up: ${pending.length}\n`);
    expect((await stack.refresh(["--clear-pending-creates"])).code).toBe(0);
    expect((await stack.exportState()).deployment.pending_operations ?? []).toHaveLength(0);
    expect(instancesIn(await stack.exportState())[0]?.id).toBe(instances[0]?.id);

    expect((await stack.destroy()).code).toBe(0);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
    killQuietly(tree, "SIGKILL");
});

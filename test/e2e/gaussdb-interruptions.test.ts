import type { RunningSimulator } from "../../provider/simulator";
import { commandLineOf, descendantsOf, instancesIn, isAlive, killQuietly } from "../helpers/pulumi-cli";
import { simulatedStacks, until } from "../helpers/simulated-stacks";

// A real `pulumi up` process (the CLI, the language host and the provider plugin, in one process group) is
// interrupted after its create request reached OTC; the next `pulumi up` must adopt that instance.
jest.setTimeout(300_000);

const env = simulatedStacks(60);
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});

test.each([
    ["SIGKILL of the whole process group", ["SIGKILL"]],
    ["Ctrl-C twice", ["SIGINT", "SIGINT"]],
] as const)("pulumi up killed by %s mid-create: the next up adopts the instance, destroy leaves zero", async (_label, signals) => {
    const { stack, projectId, api } = await env.stackFor("kill");
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
    expect(resumed.output).toMatch(/adopting instance orders-db-[0-9a-f]{8} \(\w+, status (BUILD|ACTIVE)\) created by an earlier, interrupted run/);
    expect(simulator.stats().createRequests).toBe(1);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);
    const state = instancesIn(await stack.exportState());
    expect(state).toHaveLength(1);
    const listed = await api.listInstances();
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

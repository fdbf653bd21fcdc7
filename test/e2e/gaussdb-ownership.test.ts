import type { RunningSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/simulator-test-client";
import { exampleStack, uniqueProjectId } from "../helpers/example-stack";
import { instancesIn, type TestStack } from "../helpers/pulumi-cli";
import { simulatedStacks } from "../helpers/simulated-stacks";

// Ownership that no other stack can claim: stacks with the same project, stack and resource names (two laptops or
// CI runners with their own state, or a stack removed and created again) share every name Pulumi knows, and must
// still never adopt, change or delete each other's instance.
jest.setTimeout(300_000);

const env = simulatedStacks(300);
let simulator: RunningSimulator;
const stacks: TestStack[] = [];
beforeAll(() => {
    simulator = env.simulator;
});
afterAll(() => {
    for (const stack of stacks) stack.cleanup();
});

async function devStack(projectId: string): Promise<TestStack> {
    const stack = await exampleStack(simulator, projectId, {}, { name: "dev" });
    stacks.push(stack);
    return stack;
}

async function liveInstances(projectId: string): Promise<{ id: string; name: string }[]> {
    const listed = await new SimulatorTestClient(simulator.url, undefined, projectId).listInstances();
    return (listed.json as { instances: { id: string; name: string }[] }).instances;
}

test("two 'dev' stacks of one project in two backends make two instances; destroying one leaves the other", async () => {
    const projectId = uniqueProjectId("twobackends");
    const first = await devStack(projectId);
    const second = await devStack(projectId);

    const upFirst = await first.up();
    if (upFirst.code !== 0) throw new Error(upFirst.output);
    const upSecond = await second.up();
    if (upSecond.code !== 0) throw new Error(upSecond.output);
    expect(upSecond.output).not.toMatch(/adopting/);

    const [a] = instancesIn(await first.exportState());
    const [b] = instancesIn(await second.exportState());
    expect(a?.urn).toBe(b?.urn);
    expect(a?.id).not.toBe(b?.id);
    expect(a?.outputs?.["instanceName"]).not.toBe(b?.outputs?.["instanceName"]);
    expect(simulator.stats().createRequests).toBe(2);
    expect((await liveInstances(projectId)).map((i) => i.id).sort()).toEqual([a?.id, b?.id].sort());

    const destroyed = await second.destroy();
    if (destroyed.code !== 0) throw new Error(destroyed.output);
    expect((await liveInstances(projectId)).map((i) => i.id)).toEqual([a?.id]);
    // The first stack still owns and manages its instance.
    const unchanged = await first.up();
    expect(unchanged.code).toBe(0);
    expect(unchanged.output).toMatch(/3 unchanged/);
    expect((await first.destroy()).code).toBe(0);
    expect(await liveInstances(projectId)).toEqual([]);
});

test("a stack removed and created again with the same name does not adopt the old stack's instance", async () => {
    const projectId = uniqueProjectId("recreated");
    const stack = await devStack(projectId);
    const up = await stack.up();
    if (up.code !== 0) throw new Error(up.output);
    const [old] = instancesIn(await stack.exportState());

    // `pulumi stack rm --force` forgets the stack; its instance stays at OTC, nobody's any more.
    await stack.recreate();
    const again = await stack.up();
    if (again.code !== 0) throw new Error(again.output);
    expect(again.output).not.toMatch(/adopting/);
    const [fresh] = instancesIn(await stack.exportState());
    expect(fresh?.id).not.toBe(old?.id);
    expect(simulator.stats().createRequests).toBe(2);

    expect((await stack.destroy()).code).toBe(0);
    // Only the new stack's instance was deleted; the forgotten one is untouched.
    expect((await liveInstances(projectId)).map((i) => i.id)).toEqual([old?.id]);
});

import { derivedOwnership, type OwnershipToken } from "../../provider/resources/lifecycle/ownership";
import type { RunningSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { exampleStack, uniqueProjectId } from "../helpers/example-stack";
import { descendantsOf, instancesIn, killQuietly, type StackExport, type TestStack } from "../helpers/pulumi-cli";
import { simulatedStacks, until } from "../helpers/simulated-stacks";

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

/** The stack's ownership key: the one state-only resource ownership adds to a stack, whatever its size. */
function stackKeyOf(state: StackExport): OwnershipToken {
    const types = (state.deployment.resources ?? []).map((r) => r.type.split(":").pop());
    expect(types.filter((t) => t === "StackOwnership")).toHaveLength(1);
    expect(types.filter((t) => t === "OwnershipToken")).toEqual([]);
    const key = (state.deployment.resources ?? []).find((r) => r.type.endsWith(":StackOwnership"));
    return key?.outputs as unknown as OwnershipToken;
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
    // Each stack's key is its own, and each name carries the token derived from its own stack's key.
    const [keyA, keyB] = [stackKeyOf(await first.exportState()), stackKeyOf(await second.exportState())];
    expect(keyA.token).not.toBe(keyB.token);
    expect(a?.outputs?.["instanceName"]).toBe(`orders-db-${derivedOwnership(keyA, a!.urn).token.slice(0, 8)}`);
    expect(b?.outputs?.["instanceName"]).toBe(`orders-db-${derivedOwnership(keyB, b!.urn).token.slice(0, 8)}`);
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

test("a create interrupted in one backend is adopted by its own stack only: the same-named stack of another backend makes its own", async () => {
    const projectId = uniqueProjectId("interrupted");
    const first = await devStack(projectId);
    const second = await devStack(projectId);

    // The first stack's `pulumi up` is killed (the whole process group) once its create request reached OTC.
    const { child, result } = first.spawnUp();
    await until(() => simulator.stats().createRequests === 1, "the first stack's create request");
    const tree = descendantsOf(child.pid!);
    process.kill(-child.pid!, "SIGKILL");
    expect((await result).code === 0).toBe(false);
    killQuietly(tree, "SIGKILL");
    const [orphan] = await liveInstances(projectId);
    expect(orphan).toBeDefined();
    // The key was in the first stack's state before the create request went out; the instance is not yet.
    const keyA = stackKeyOf(await first.exportState());
    expect(instancesIn(await first.exportState())).toEqual([]);

    // The other backend's stack has the same project, stack and resource names, and its own key: it neither adopts
    // nor touches the first stack's instance.
    const upSecond = await second.up();
    if (upSecond.code !== 0) throw new Error(upSecond.output);
    expect(upSecond.output).not.toMatch(/adopting/);
    expect(simulator.stats().createRequests).toBe(2);
    const [b] = instancesIn(await second.exportState());
    expect(b?.id).not.toBe(orphan?.id);

    // The first stack's next `pulumi up` adopts its own instance by the token derived from its key.
    await first.mustRun(["cancel", "--yes", "--stack", first.name, "--non-interactive"]);
    const resumed = await first.up();
    if (resumed.code !== 0) throw new Error(resumed.output);
    const suffix = derivedOwnership(keyA, b!.urn).token.slice(0, 8);
    expect(resumed.output).toMatch(new RegExp(`adopting instance orders-db-${suffix} \\(${orphan?.id}, status (BUILD|ACTIVE)\\) created by an earlier, interrupted run`));
    expect(simulator.stats().createRequests).toBe(2);
    const [a] = instancesIn(await first.exportState());
    expect(a?.id).toBe(orphan?.id);
    expect(stackKeyOf(await first.exportState())).toEqual(keyA);

    // Each destroy deletes its own instance only.
    expect((await second.destroy()).code).toBe(0);
    expect((await liveInstances(projectId)).map((i) => i.id)).toEqual([orphan?.id]);
    expect((await first.destroy()).code).toBe(0);
    expect(await liveInstances(projectId)).toEqual([]);
});

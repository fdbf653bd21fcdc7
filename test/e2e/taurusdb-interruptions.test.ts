import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { commandLineOf, descendantsOf, isAlive, killQuietly } from "../helpers/pulumi-cli";
import { until } from "../helpers/simulated-stacks";
import { taurusDbInstancesIn, taurusDbStacks } from "../helpers/taurusdb-stacks";

// A real `pulumi up` (the CLI, the language host and the provider plugin) is killed after its TaurusDB create
// request reached OTC; the next `pulumi up` must adopt that instance instead of creating a second one.
jest.setTimeout(300_000);

const env = taurusDbStacks(60); // a 10-minute create takes 10 s: time to kill it mid-create

test("pulumi up SIGKILLed mid-create: the next up adopts the instance (exactly one), destroy leaves zero", async () => {
    const { stack, projectId } = await env.stackFor("kill");
    const api = new SimulatorTestClient(`${env.simulator.url}/gaussdb-mysql`, undefined, projectId);
    const { child, result } = stack.spawnUp();
    await until(() => env.simulator.stats().createRequests === 1, "the create request");
    const tree = descendantsOf(child.pid!);
    const providers = tree.filter((pid) => /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(commandLineOf(pid)));
    expect(providers.length).toBeGreaterThan(0);
    process.kill(-child.pid!, "SIGKILL");
    const killed = await result;
    await until(() => providers.every((pid) => !isAlive(pid)), "the orphaned provider to exit", 20_000);
    expect(killed.code === 0).toBe(false);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBe(1);

    // A killed CLI leaves its lock behind; `pulumi cancel` is what the user runs (see README).
    await stack.mustRun(["cancel", "--yes", "--stack", stack.name, "--non-interactive"]);
    const resumed = await stack.up();
    if (resumed.code !== 0) throw new Error(resumed.output);
    expect(resumed.output).toMatch(/adopting instance shop-db-[0-9a-f]{8} \(\w+, status (BUILD|ACTIVE)\) created by an earlier, interrupted run/);
    expect(env.simulator.stats().createRequests).toBe(1);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBe(1);
    const state = taurusDbInstancesIn(await stack.exportState());
    expect(state).toHaveLength(1);
    const listed = await api.call<{ instances: { id: string; status: string }[] }>("GET", "/instances");
    expect(listed.json.instances).toHaveLength(1);
    expect(state[0]?.id).toBe(listed.json.instances[0]?.id);
    expect(listed.json.instances[0]?.status).toBe("ACTIVE");

    expect((await stack.refresh(["--clear-pending-creates"])).code).toBe(0);
    expect((await stack.destroy()).code).toBe(0);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBeUndefined();
    killQuietly(tree, "SIGKILL");
});

import { taurusDbInstancesIn, taurusDbStacks } from "../helpers/taurusdb-stacks";
import { SECRET_MARKER } from "../helpers/pulumi-secret";

// The real Pulumi CLI and engine running examples/taurusdb-instance (a project of its own), against the simulator's
// TaurusDB service (`/gaussdb-mysql`) over loopback HTTP.
jest.setTimeout(240_000);

const env = taurusDbStacks(300); // a 10-minute create takes 2 s, an 8-minute resize 1.6 s
const route = (template: string) => env.requests(template.replace(/^(\w+) /, "$1 /gaussdb-mysql"));

test("create, then resize and add two read replicas in place (a comma-joined job list), remove them, destroy leaves zero", async () => {
    const { stack, projectId } = await env.stackFor("lifecycle");

    const created = await stack.up();
    if (created.code !== 0) throw new Error(created.output);
    expect(created.output).toMatch(/shop-db: CreateGaussDBforMySQLInstance completed/);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBe(1);
    expect(env.simulator.stats().createRequests).toBe(1);
    expect(await stack.outputs()).toMatchObject({ status: "ACTIVE", readReplicas: 1, nodes: ["master:ACTIVE", "slave:ACTIVE"] });
    expect((await stack.outputs())["instanceName"]).toMatch(/^shop-db-[0-9a-f]{8}$/);

    await stack.setConfig("flavorRef", "gaussdb.mysql.2xlarge.x86.4");
    await stack.setConfig("readReplicas", "3");
    const updated = await stack.up();
    if (updated.code !== 0) throw new Error(updated.output);
    expect(updated.output).toMatch(/ResizeGaussDBforMySQLFlavor completed/);
    // One request for both replicas, answered with two job ids, comma-joined: each one waited for.
    expect(route("POST /v3/{pid}/instances/{id}/nodes/enlarge")).toBe(1);
    // (Counted in the Diagnostics summary, where each line appears once.)
    expect(updated.output.match(/^\s+shop-db: AddGaussDBforMySQLNodes completed/gm)?.length).toBe(2);
    expect(route("POST /v3/{pid}/instances/{id}/action")).toBe(1);
    expect(env.simulator.stats().createRequests).toBe(1);
    expect(await stack.outputs()).toMatchObject({
        status: "ACTIVE",
        flavorRef: "gaussdb.mysql.2xlarge.x86.4",
        readReplicas: 3,
        nodes: ["master:ACTIVE", "slave:ACTIVE", "slave:ACTIVE", "slave:ACTIVE"],
    });

    const again = await stack.up();
    expect(again.code).toBe(0);
    // The stack, the instance and the stack's ownership key.
    expect(again.output).toMatch(/3 unchanged/);

    // Fewer replicas: OTC deletes one node per request, each a job.
    await stack.setConfig("readReplicas", "1");
    const shrunk = await stack.up();
    if (shrunk.code !== 0) throw new Error(shrunk.output);
    expect(route("DELETE /v3/{pid}/instances/{id}/nodes/{node}")).toBe(2);
    expect(shrunk.output.match(/^\s+shop-db: DeleteGaussDBforMySQLNode completed/gm)?.length).toBe(2);
    expect(await stack.outputs()).toMatchObject({ readReplicas: 1, nodes: ["master:ACTIVE", "slave:ACTIVE"] });

    // A change OTC cannot make in place: preview names the property and says the database would be deleted.
    await stack.setConfig("subnetId", "7f0e5c3a-0000-4000-8000-000000000001");
    const replacing = await stack.preview(["--diff"]);
    expect(replacing.code).toBe(0);
    expect(replacing.output).toMatch(/WARNING: changing subnetId replaces the TaurusDbInstance: instance shop-db-[0-9a-f]{8} \(\w+\) and all its data are DELETED/);
    await stack.setConfig("subnetId", "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b");

    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(destroyed.output).toMatch(/DeleteGaussDBforMySQLInstance completed/);
    expect(env.simulator.stats().instances).toBe(0);
    expect(taurusDbInstancesIn(await stack.exportState())).toHaveLength(0);
    // Every job was read through the current path; the legacy one was never needed.
    expect(route("GET /v3/{pid}/jobs")).toBeGreaterThan(0);
    expect(route("GET /mysql/v3/{pid}/jobs")).toBe(0);
});

test("the password is a secret in state and never in the output", async () => {
    const { stack } = await env.stackFor("secret");
    const result = await stack.up();
    expect(result.code).toBe(0);
    const state = await stack.exportState();
    const [instance] = taurusDbInstancesIn(state);
    expect(JSON.stringify(state)).not.toContain("E2e-Passw0rd!");
    expect(result.output).not.toContain("E2e-Passw0rd!");
    expect(instance?.outputs?.["password"]).toMatchObject(SECRET_MARKER);
    expect((await stack.destroy()).code).toBe(0);
});

import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../../provider/simulator";
import { instancesIn } from "../helpers/pulumi-cli";
import { simulatedStacks } from "../helpers/simulated-stacks";
import { SECRET_MARKER } from "../helpers/pulumi-secret";

// The real Pulumi CLI and engine running the example program, against the simulator over loopback HTTP.
jest.setTimeout(240_000);

const env = simulatedStacks(300); // a 12-minute create takes 2.4 s, a 6-minute resize 1.2 s
let simulator: RunningSimulator;
beforeAll(() => {
    simulator = env.simulator;
});
const stackFor = env.stackFor;
const count = env.requests;

// One instance serves the lifecycle and the checks of its state (each `pulumi up` costs about 5 CPU-seconds).
test("create (the state holds a small provider shim, no path, no secret in plaintext), resize and enlarge in place, then destroy leaves zero instances", async () => {
    const { stack, projectId } = await stackFor("lifecycle");

    const created = await stack.up();
    expect(created.code).toBe(0);
    expect(created.output).toMatch(/orders-db: CreateGaussDBV5Instance completed/);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);
    expect(simulator.stats().createRequests).toBe(1);
    const outputs = await stack.outputs();
    expect(outputs["statuses"]).toEqual(["ACTIVE"]);
    expect((outputs["instanceNames"] as string[])[0]).toMatch(/^orders-db-[0-9a-f]{8}$/);

    // The state holds a small provider shim, no path, and no secret in plaintext.
    const state = await stack.exportState();
    const [instance] = instancesIn(state);
    const shim = instance?.outputs?.["__provider"];
    expect(typeof shim).toBe("string");
    const size = Buffer.byteLength(shim as string);
    // Printed for the README and the issue note.
    process.stdout.write(`__provider: ${size} bytes in inputs and again in outputs\n`);
    expect(size).toBeLessThan(4096);
    expect(shim).toContain('"pulumi-otc-jobs/provider-runtime"');
    expect(shim).not.toMatch(/\/(work|home|root|tmp)\//);
    const text = JSON.stringify(state);
    expect(text).not.toContain(SIMULATOR_CREDENTIALS.secretKey);
    expect(text).not.toContain("E2e-Passw0rd!");
    expect(instance?.outputs?.["password"]).toMatchObject(SECRET_MARKER);

    await stack.setConfig("flavorRef", "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in");
    await stack.setConfig("volumeSize", "80");
    const resized = await stack.up();
    expect(resized.code).toBe(0);
    expect(resized.output).toMatch(/ResizeGaussDBV5Flavor completed/);
    expect(resized.output).toMatch(/EnlargeGaussDBV5Volume completed/);
    expect(count("PUT /v3/{pid}/instances/{id}/flavor")).toBe(1);
    expect(count("POST /v3/{pid}/instances/{id}/action")).toBe(1);
    expect(simulator.stats().createRequests).toBe(1);
    expect(await stack.outputs()).toMatchObject({ flavors: ["gaussdb.opengauss.ee.dn.m6.4xlarge.8.in"], volumeSizes: [80] });
    // The harness reads the state and the outputs from the backend's checkpoint file; the CLI prints the same.
    expect(await stack.exportState()).toEqual(await stack.exportWithCli());
    expect(await stack.outputs()).toEqual(await stack.outputsWithCli());

    const again = await stack.up();
    expect(again.code).toBe(0);
    // The stack, the instance and the stack's ownership key.
    expect(again.output).toMatch(/3 unchanged/);

    // A change OTC cannot make in place: preview names the property and says the database would be deleted.
    await stack.setConfig("vpcId", "5a1b2c3d-0000-4000-8000-000000000001");
    const replacing = await stack.preview(["--diff"]);
    expect(replacing.code).toBe(0);
    expect(replacing.output).toMatch(/replace/);
    expect(replacing.output).toMatch(/WARNING: changing vpcId replaces the GaussDbInstance: instance orders-db-[0-9a-f]{8} \(\w+\) and all its data are DELETED/);
    expect(replacing.output).toMatch(/protect: true/);
    await stack.setConfig("vpcId", "3cedfc54-b105-4652-a4e0-847b9e4ac7a4");

    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(destroyed.output).toMatch(/DeleteGaussDBV5Instance completed/);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
    expect(simulator.stats().instances).toBe(0);
});

test("a failed create job fails pulumi up with OTC's fail_reason and leaves no instance", async () => {
    const failReason = "Insufficient ECS capacity in eu-de-01 for flavor s3.xlarge.4 (simulated).";
    simulator.addFault({ match: { jobName: "CreateGaussDBV5Instance" }, action: { type: "job-fail", failReason, atPercent: 40 } });
    const { stack, projectId } = await stackFor("failing");

    const result = await stack.up();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(failReason);
    expect(result.output).toMatch(/CreateGaussDBV5Instance [0-9a-f-]{36} on instance orders-db-[0-9a-f]{8}/);
    expect(result.output).toMatch(/was deleted; nothing was recorded in state/);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
    expect(instancesIn(await stack.exportState())).toHaveLength(0);
});

test("an invalid input fails pulumi preview, naming the property, before any request", async () => {
    const { stack } = await stackFor("invalid", { volumeSize: "10", availabilityZone: "eu de 01" });
    const result = await stack.preview();
    expect(result.code).not.toBe(0);
    // As the engine prints them: a nested property with its value in the reason (never "value {<nil>}"), a
    // top-level one with the value the engine shows beside it.
    expect(result.output).toMatch(/GaussDbInstance resource 'orders-db' has a problem: volume\.size must be at least 40 GB.* \(got 10\)/);
    expect(result.output).toMatch(/property availabilityZone value \{eu de 01\} has a problem: availabilityZone must be AZ names separated by commas/);
    expect(result.output).not.toContain("<nil>");
    expect(Object.values(simulator.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);
});

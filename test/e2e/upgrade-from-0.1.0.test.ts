import { instancesIn } from "../helpers/pulumi-cli";
import { type FixtureStack, fixtureStack, previewExpectingNoChanges, previewPlan, resizeInPlace } from "../helpers/upgrade-fixture";
import { SECRET_MARKER } from "../helpers/pulumi-secret";

// A stack made by the released 0.1.0 (commit 7c19b80, see test/fixtures/make-stack-fixture.sh): its state export,
// its config file and the simulator's data with its two instances. This version must take it over as it is: no
// replacement and no change of the instances, then update, refresh and destroy them.
jest.setTimeout(300_000);

const PROJECT_ID = "v010fixture";

let fixture: FixtureStack;

beforeAll(async () => {
    fixture = await fixtureStack("v0.1.0-stack", "v010", PROJECT_ID);
});

afterAll(async () => {
    await fixture?.cleanup();
});

test("a 0.1.0 stack upgrades with no replacement and no change to its instances, then updates, refreshes and destroys", async () => {
    const { stack, simulator, original } = fixture;
    const instancesBefore = instancesIn(original);
    expect(instancesBefore).toHaveLength(2);

    const plan = await previewPlan(stack);
    // The stack and both instances are unchanged; the only addition is the stack's ownership key, state only,
    // no OTC call. No replace, no update.
    expect(plan.changeSummary).toEqual({ same: 3, create: 1 });
    expect(plan.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").slice(-2).join("::")}`)).toEqual([
        "create pulumi-nodejs:dynamic/otc-jobs:StackOwnership::otc-jobs-ownership",
    ]);

    const up = await stack.up();
    if (up.code !== 0) throw new Error(up.output);
    expect(fixture.mutatingRequests()).toBe(0);
    const after = instancesIn(await stack.exportState());
    for (const before of instancesBefore) {
        const now = after.find((r) => r.urn === before.urn);
        expect(now?.id).toBe(before.id);
        expect(now?.outputs?.["instanceName"]).toBe(before.outputs?.["instanceName"]);
        expect(now?.outputs?.["flavorRef"]).toBe(before.outputs?.["flavorRef"]);
        expect(now?.outputs?.["password"]).toMatchObject(SECRET_MARKER);
    }
    expect(await previewExpectingNoChanges(stack)).toBe(0);

    // The stack moved from 0.1.0's bare URL (openGauss at the shared port's root) to GaussDB's own base URL, as an
    // SDK addresses it: the provider's configuration changes, the resources do not.
    await stack.setConfig("otc:endpoint", simulator.endpoints.gaussdb);
    expect(await previewExpectingNoChanges(stack)).toBe(0);

    // The upgraded resources keep working: an in-place resize (through the base URL), a refresh, a destroy.
    const resized = await resizeInPlace(stack);
    expect(resized).toMatch(/ResizeGaussDBV5Flavor completed/);
    expect(resized).not.toMatch(/replace/);
    expect(simulator.stats().createRequests).toBe(0);
    expect((await stack.refresh()).code).toBe(0);
    const destroyed = await stack.destroy();
    if (destroyed.code !== 0) throw new Error(destroyed.output);
    expect(simulator.stats().instancesByProject[PROJECT_ID]).toBeUndefined();
});

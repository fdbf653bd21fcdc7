import { derivedOwnership, type OwnershipToken } from "../../provider/resources/lifecycle/ownership";
import { instancesIn, type StateResource } from "../helpers/pulumi-cli";
import { type FixtureStack, fixtureStack, previewExpectingNoChanges, previewPlan, resizeInPlace } from "../helpers/upgrade-fixture";

// A stack made by main at 8b017dc (see test/fixtures/make-stack-fixture.sh), the release whose instance resources
// each created an `OwnershipToken` companion (`<name>-ownership`): two GaussDB instances, four resources. This
// version derives every resource's token from one key per stack instead. The upgrade must create that key, delete
// the companions from the state only, leave the instances as they are (no replace, no update, no request that
// changes anything at OTC), and the instances must keep working, a replacement included.
jest.setTimeout(300_000);

const PROJECT_ID = "main8b0fixture";
const OWNERSHIP_TOKEN = "pulumi-nodejs:dynamic/otc-jobs:OwnershipToken";
const STACK_OWNERSHIP = "pulumi-nodejs:dynamic/otc-jobs:StackOwnership";

let fixture: FixtureStack;

beforeAll(async () => {
    fixture = await fixtureStack("main-8b017dc-stack", "main8b0", PROJECT_ID);
});

afterAll(async () => {
    await fixture?.cleanup();
});

function ofType(resources: StateResource[] | undefined, type: string): StateResource[] {
    return (resources ?? []).filter((r) => r.type === type);
}

test("a stack of main at 8b017dc upgrades with no change to its instances; the companions go from the state only; replacements take the derived name", async () => {
    const { stack, simulator, original } = fixture;
    const instancesBefore = instancesIn(original);
    expect(instancesBefore).toHaveLength(2);
    expect(ofType(original.deployment.resources, OWNERSHIP_TOKEN)).toHaveLength(2);

    const plan = await previewPlan(stack);
    // The stack and both instances unchanged; the stack's key created; the two companions deleted. No replace, no update.
    expect(plan.changeSummary).toEqual({ same: 3, create: 1, delete: 2 });
    expect(
        plan.steps
            .filter((s) => s.op !== "same")
            .map((s) => `${s.op} ${s.urn.split("::").slice(-2).join("::")}`)
            .sort(),
    ).toEqual([
        `create ${STACK_OWNERSHIP}::otc-jobs-ownership`,
        `delete ${OWNERSHIP_TOKEN}::orders-db-1-ownership`,
        `delete ${OWNERSHIP_TOKEN}::orders-db-2-ownership`,
    ]);

    const up = await stack.up();
    if (up.code !== 0) throw new Error(up.output);
    expect(up.output).not.toMatch(/replace|updated/);
    expect(fixture.mutatingRequests()).toBe(0);
    expect(simulator.stats().createRequests).toBe(0);

    const state = await stack.exportState();
    expect(ofType(state.deployment.resources, OWNERSHIP_TOKEN)).toEqual([]);
    const [key] = ofType(state.deployment.resources, STACK_OWNERSHIP);
    expect(ofType(state.deployment.resources, STACK_OWNERSHIP)).toHaveLength(1);
    const stackKey = key?.outputs as unknown as OwnershipToken;
    expect(stackKey.token).toMatch(/^[0-9a-f]{32}$/);
    const after = instancesIn(state);
    expect(after).toHaveLength(2);
    for (const before of instancesBefore) {
        const now = after.find((r) => r.urn === before.urn);
        expect(now?.id).toBe(before.id);
        expect(now?.outputs?.["instanceName"]).toBe(before.outputs?.["instanceName"]);
        // The instance keeps the token that named it (its name carries its first 8 hex) ...
        const own = before.outputs?.["ownership"] as OwnershipToken;
        expect(now?.outputs?.["ownership"]).toEqual(own);
        expect(String(now?.outputs?.["instanceName"]).endsWith(`-${own.token.slice(0, 8)}`)).toBe(true);
        // ... while the program now gives the token derived from the stack's key, and depends on the key alone.
        expect(now?.inputs?.["ownership"]).toEqual(derivedOwnership(stackKey, before.urn));
        expect(now?.dependencies).toEqual([key?.urn]);
    }
    expect(await previewExpectingNoChanges(stack)).toBe(0);

    // An in-place resize and a refresh: the names and the creation tokens stay.
    const resized = await resizeInPlace(stack);
    expect(resized).toMatch(/ResizeGaussDBV5Flavor completed/);
    expect(resized).not.toMatch(/replace/);
    expect((await stack.refresh()).code).toBe(0);
    const refreshed = instancesIn(await stack.exportState());
    for (const before of instancesBefore) {
        const now = refreshed.find((r) => r.urn === before.urn);
        expect(now?.id).toBe(before.id);
        expect(now?.outputs?.["instanceName"]).toBe(before.outputs?.["instanceName"]);
        expect(now?.outputs?.["ownership"]).toEqual(before.outputs?.["ownership"]);
    }
    expect(simulator.stats().createRequests).toBe(0);

    // A replacement (another subnet) deletes the old instance first and names the new one with the derived token.
    await stack.setConfig("subnetId", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    const replaced = await stack.up();
    if (replaced.code !== 0) throw new Error(replaced.output);
    expect(simulator.stats().createRequests).toBe(2);
    const renamed = instancesIn(await stack.exportState());
    for (const before of instancesBefore) {
        const now = renamed.find((r) => r.urn === before.urn);
        expect(now?.id).not.toBe(before.id);
        const prefix = String(before.outputs?.["instanceName"]).slice(0, -9);
        expect(now?.outputs?.["instanceName"]).toBe(`${prefix}-${derivedOwnership(stackKey, before.urn).token.slice(0, 8)}`);
    }

    const destroyed = await stack.destroy();
    if (destroyed.code !== 0) throw new Error(destroyed.output);
    expect(simulator.stats().instancesByProject[PROJECT_ID]).toBeUndefined();
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
});

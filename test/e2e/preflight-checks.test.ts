import { simulatedStacks } from "../helpers/simulated-stacks";

// The real Pulumi CLI running the example program against the simulator: an AZ of another region fails
// `pulumi preview` naming the property, and an unknown flavor fails `pulumi up` before the create request.
jest.setTimeout(240_000);

const env = simulatedStacks(300);
const total = () => Object.values(env.simulator.stats().requests).reduce((a, b) => a + b, 0);

test("pulumi preview refuses an AZ of another region, naming availabilityZone, with no request sent", async () => {
    const { stack } = await env.stackFor("foreignaz", { availabilityZone: "eu-nl-01,eu-nl-01,eu-nl-01" });
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain('availabilityZone "eu-nl-01" is not an AZ of region eu-de (eu-nl-01 is in eu-nl); the AZs of eu-de are eu-de-01, eu-de-02, eu-de-03');
    expect(total()).toBe(0);
});

test("pulumi up refuses an unknown flavor before the create request, naming flavorRef and the closest flavors", async () => {
    const { stack } = await env.stackFor("badflavor", { flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.4.in" });
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.output).toContain('flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.4.in" is not a flavor this service offers (openGauss enterprise). Closest: gaussdb.opengauss.ee.dn.m6.2xlarge.8.in');
    expect(env.simulator.stats().createRequests).toBe(0);
    expect(env.requests("GET /v3/{pid}/flavors")).toBe(1);
});

test("pulumi preview refuses a region OTC does not have, naming region, with no request sent", async () => {
    const { stack } = await env.stackFor("badregion", { "otc:region": "eu-fr" });
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain('region "eu-fr" (from otc:region or OS_REGION_NAME) is not an OTC region: use one of eu-de, eu-nl, eu-ch2');
    expect(total()).toBe(0);
});

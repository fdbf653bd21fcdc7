import { taurusDbInstancesIn, taurusDbStacks } from "../helpers/taurusdb-stacks";

// What goes wrong, with the real Pulumi CLI against the simulator's TaurusDB service: a failing create job, invalid
// inputs, and a region whose gateway serves TaurusDB's job query only under the legacy /mysql/v3 prefix.
jest.setTimeout(240_000);

const env = taurusDbStacks(300);
const route = (template: string) => env.requests(template.replace(/^(\w+) /, "$1 /gaussdb-mysql"));
const total = () => Object.values(env.simulator.stats().requests).reduce((a, b) => a + b, 0);

test("a failed create job fails pulumi up with OTC's fail_reason verbatim and leaves no instance", async () => {
    const failReason = "Insufficient resources in eu-de-01 for flavor gaussdb.mysql.xlarge.x86.4 (simulated).";
    env.simulator.addFault({ match: { jobName: "CreateGaussDBforMySQLInstance" }, action: { type: "job-fail", failReason, atPercent: 40 } });
    const { stack, projectId } = await env.stackFor("failing");

    const result = await stack.up();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(failReason);
    expect(result.output).toMatch(/CreateGaussDBforMySQLInstance [0-9a-f-]{36} on instance shop-db-[0-9a-f]{8}/);
    expect(result.output).toMatch(/was deleted; nothing was recorded in state/);
    expect(route("DELETE /v3/{pid}/instances/{id}")).toBe(1);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBeUndefined();
    expect(taurusDbInstancesIn(await stack.exportState())).toHaveLength(0);
});

test("invalid inputs fail pulumi preview, naming each property, before any request", async () => {
    const { stack } = await env.stackFor("invalid", {
        flavorRef: "rds.mysql.c2.large",
        readReplicas: "0",
        availabilityZoneMode: "multi",
    });
    const result = await stack.preview();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/flavorRef must be a TaurusDB spec code, e.g. "gaussdb.mysql.xlarge.x86.8"/);
    expect(result.output).toMatch(/readReplicas must be at least 1/);
    expect(total()).toBe(0);

    // The cross-field rule, once the rest is valid; and the create-time limit of nine replicas.
    await stack.setConfig("flavorRef", "gaussdb.mysql.xlarge.x86.4");
    await stack.setConfig("readReplicas", "10");
    const second = await stack.preview();
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/availabilityZoneMode is "multi", which needs masterAvailabilityZone/);
    expect(second.output).toMatch(/readReplicas must be at most 9 when the instance is created/);
    expect(total()).toBe(0);
});

test("where /v3/{pid}/jobs answers 404 APIGW.0101, jobs are read at the legacy /mysql/v3 path (auto fallback)", async () => {
    env.simulator.addFault({
        match: { method: "GET", path: "^/gaussdb-mysql/v3/[^/]+/jobs$" },
        action: { type: "http-error", status: 404, errorCode: "APIGW.0101", errorMsg: "The API does not exist or has not been published in the environment" },
    });
    const { stack, projectId } = await env.stackFor("legacy");
    const created = await stack.up();
    if (created.code !== 0) throw new Error(created.output);
    expect(created.output).toMatch(/CreateGaussDBforMySQLInstance completed/);
    // The current path is tried once per provider process, then the legacy one serves every poll.
    expect(created.output).toMatch(/does not exist at .* \(APIGW\.0101\); using \/mysql\/v3\/\w+\/jobs for job queries from now on/);
    const legacyPolls = route("GET /mysql/v3/{pid}/jobs");
    expect(legacyPolls).toBeGreaterThan(0);

    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(destroyed.output).toMatch(/DeleteGaussDBforMySQLInstance completed/);
    expect(route("GET /mysql/v3/{pid}/jobs")).toBeGreaterThan(legacyPolls);
    expect(env.simulator.stats().instancesByProject[`taurusdb/${projectId}`]).toBeUndefined();
});

test("otc:taurusdbJobsPath mysql sends every job query to the legacy path without probing; a bad value is refused", async () => {
    const { stack } = await env.stackFor("pinned", { "otc:taurusdbJobsPath": "mysql" });
    const created = await stack.up();
    if (created.code !== 0) throw new Error(created.output);
    expect(route("GET /v3/{pid}/jobs")).toBe(0);
    expect(route("GET /mysql/v3/{pid}/jobs")).toBeGreaterThan(0);
    expect((await stack.destroy()).code).toBe(0);

    const { stack: wrong } = await env.stackFor("badpath", { "otc:taurusdbJobsPath": "v2" });
    const refused = await wrong.up();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/otc:taurusdbJobsPath \(or OTC_TAURUSDB_JOBS_PATH\) is "v2": it must be auto, v3 or mysql/);
});

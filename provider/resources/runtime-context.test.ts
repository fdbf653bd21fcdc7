import { CoalescingJobStatusSource } from "../jobs/coalescing-job-status-source";
import { FallbackJobStatusSource } from "../jobs/fallback-job-status-source";
import { SingleJobStatusSource } from "../jobs/job-status-source";
import { RuntimeContext } from "./runtime-context";

function runtimeWith(config: Record<string, string>): RuntimeContext {
    const runtime = new RuntimeContext({ env: {} });
    runtime.configure({
        get: (key) =>
            ({ "otc:projectId": "abc123", "otc:accessKey": "AK", "otc:secretKey": "SK", "otc:region": "eu-de", ...config })[key],
    });
    return runtime;
}

describe("RuntimeContext", () => {
    it("gives each service its endpoint, one client per endpoint and project", () => {
        const runtime = runtimeWith({ "otc:endpoint": "http://127.0.0.1:9/{service}" });
        expect(runtime.client("rds").endpoint).toBe("http://127.0.0.1:9/rds");
        expect(runtime.client("taurusdb").endpoint).toBe("http://127.0.0.1:9/gaussdb-mysql");
        expect(runtime.client("gaussdb")).toBe(runtime.client("gaussdb"));
        expect(runtime.clientFor("http://127.0.0.1:9/rds/")).toBe(runtime.client("rds"));
    });

    it("coalesces polls through the task list only for a service that documents one", () => {
        const runtime = runtimeWith({ "otc:endpoint": "http://127.0.0.1:9/{service}" });
        expect(runtime.statusSource(runtime.client("gaussdb"))).toBeInstanceOf(CoalescingJobStatusSource);
        expect(runtime.durationPriors(runtime.client("gaussdb"))).toBeDefined();
        for (const service of ["rds", "taurusdb"] as const) {
            expect(runtime.statusSource(runtime.client(service))).not.toBeInstanceOf(CoalescingJobStatusSource);
            expect(runtime.durationPriors(runtime.client(service))).toBeUndefined();
        }
        expect(runtime.statusSource(runtime.client("rds"))).toBeInstanceOf(SingleJobStatusSource);
        // An endpoint reached without a service (a generic job operation) has no task list either.
        expect(runtime.statusSource(runtime.clientFor("http://127.0.0.1:9/other"))).toBeInstanceOf(SingleJobStatusSource);
    });

    it("reads TaurusDB jobs through one path-fallback source per client, as otc:taurusdbJobsPath says", () => {
        const runtime = runtimeWith({ "otc:endpoint": "http://127.0.0.1:9/{service}" });
        const source = runtime.statusSource(runtime.client("taurusdb"));
        expect(source).toBeInstanceOf(FallbackJobStatusSource);
        expect((source as FallbackJobStatusSource).prefix).toBe("");
        // Shared, so what one wait learns about the path serves every other.
        expect(runtime.statusSource(runtime.client("taurusdb"))).toBe(source);
        const pinned = runtimeWith({ "otc:endpoint": "http://127.0.0.1:9/{service}", "otc:taurusdbJobsPath": "mysql" });
        expect((pinned.statusSource(pinned.client("taurusdb")) as FallbackJobStatusSource).prefix).toBe("/mysql");
    });

    it("polls every job on its own when otc:coalescePolls is off", () => {
        const runtime = runtimeWith({ "otc:coalescePolls": "false" });
        expect(runtime.statusSource(runtime.client("gaussdb"))).toBeInstanceOf(SingleJobStatusSource);
    });
});

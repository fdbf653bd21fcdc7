import { SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, SIMULATOR_USER, startSimulator, type RunningSimulator } from "../../provider/simulator";
import { validCreateBody, validRdsCreateBody, validTaurusDbCreateBody } from "../../provider/simulator/core/test-client";
import { loadContract, missingFields, OfficialClient, typeMismatches, type OperationContract, type SdkAnswer, type ServiceContract } from "../helpers/otc-contract";

// The simulator as a client we did not write sees it: the official Huawei Cloud Node SDK (sdk-core: its AK/SK
// signer and HTTP client) pointed at each service's base URL, every answer held against OTC's API reference as
// transcribed in test/fixtures/otc-api/ (never against the simulator's own code).

jest.setTimeout(60_000);


let sim: RunningSimulator;

beforeAll(async () => {
    // 12-minute jobs end in about 70 ms: the contract is about shapes, not timing.
    sim = await startSimulator({ timeScale: 10_000 });
});
afterAll(() => sim.close());

function client(endpoint: string): OfficialClient {
    return new OfficialClient(endpoint, SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID);
}

/** Sends one documented operation through the SDK and holds the answer against its contract. */
async function call(
    sdk: OfficialClient,
    operation: OperationContract,
    options: { body?: unknown; query?: Record<string, string | number>; pathParams?: Record<string, string> } = {},
): Promise<SdkAnswer> {
    const answer = await sdk.send(operation.method, operation.path, { ...options, ...(operation.responseHeaders ? { responseHeaders: operation.responseHeaders } : {}) });
    const where = `${operation.method} ${operation.path} (${operation.page})`;
    expect({ where, status: answer.status }).toEqual({ where, status: operation.status });
    expect({ where, missing: missingFields(answer.body, operation.required) }).toEqual({ where, missing: [] });
    expect({ where, mismatches: typeMismatches(answer.body, operation.response) }).toEqual({ where, mismatches: [] });
    for (const header of operation.responseHeaders ?? []) expect({ where, header, value: typeof answer.headers[header] }).toEqual({ where, header, value: "string" });
    return answer;
}

/** Polls the service's task center through the SDK until the job ended; every answer is held against the contract. */
async function jobEnded(sdk: OfficialClient, contract: ServiceContract, jobId: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
        const answer = await call(sdk, contract.operations["getJob"]!, { query: { id: jobId } });
        const status = (answer.body["job"] as { status: string }).status;
        if (status === "Completed" || status === "Failed") return status;
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`job ${jobId} did not end`);
}

/** An answer of OTC's error shape, as the SDK parses it and as it is on the wire. */
async function expectDocumentedError(sdk: OfficialClient, contract: ServiceContract, method: string, path: string, status: number, options = {}) {
    const error = await sdk.sendFailing(method, path, options);
    expect(error.httpStatusCode).toBe(status);
    // sdk-core reads `error_code`/`error_msg` (or Keystone's `error.code`/`error.message`) into these.
    expect(error.errorCode).toMatch(/^[A-Z]+\.\d+$/);
    expect(typeof error.errorMsg).toBe("string");
    expect(error.errorMsg).not.toBe("");
    expect(typeof error.requestId).toBe("string");
    expect(contract.error?.body).toEqual({ error_code: "string", error_msg: "string" });
}

function op(contract: ServiceContract, name: string): OperationContract {
    const operation = contract.operations[name];
    if (!operation) throw new Error(`${contract.service}: no documented operation ${name}`);
    return operation;
}

describe("GaussDB (openGauss) through the official SDK at its base URL", () => {
    const contract = loadContract("opengauss");

    it("answers every operation the provider uses as the API reference documents", async () => {
        const sdk = client(sim.endpoints.gaussdb);
        const created = await call(sdk, op(contract, "createInstance"), { body: validCreateBody({ name: "contract-gauss" }) });
        const instanceId = (created.body["instance"] as { id: string }).id;
        expect(await jobEnded(sdk, contract, created.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "listInstances"), { query: { id: instanceId } });

        const ids = { instance_id: instanceId };
        const resized = await call(sdk, op(contract, "resizeFlavor"), { pathParams: ids, body: { flavor_ref: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in" } });
        expect(await jobEnded(sdk, contract, resized.body["job_id"] as string)).toBe("Completed");
        const enlarged = await call(sdk, op(contract, "enlargeVolume"), { pathParams: ids, body: { enlarge_volume: { size: 80 } } });
        expect(await jobEnded(sdk, contract, enlarged.body["job_id"] as string)).toBe("Completed");
        const restarted = await call(sdk, op(contract, "restartInstance"), { pathParams: ids, body: {} });
        expect(await jobEnded(sdk, contract, restarted.body["job_id"] as string)).toBe("Completed");

        const backup = await call(sdk, op(contract, "createBackup"), { body: { instance_id: instanceId, name: "contract-backup" } });
        expect(await jobEnded(sdk, contract, backup.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "listBackups"), { query: { instance_id: instanceId } });
        const backupId = (backup.body["backup"] as { id: string }).id;
        const restored = await call(sdk, op(contract, "restoreToNewInstance"), {
            body: { ...validCreateBody({ name: "contract-restored", volume: { type: "ULTRAHIGH", size: 80 } }), restore_point: { instance_id: instanceId, backup_id: backupId } },
        });
        expect(await jobEnded(sdk, contract, restored.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "deleteBackup"), { pathParams: { backup_id: backupId } });

        const deleted = await call(sdk, op(contract, "deleteInstance"), { pathParams: ids });
        expect(await jobEnded(sdk, contract, deleted.body["job_id"] as string)).toBe("Completed");
    });

    it("answers errors with error_code and error_msg", async () => {
        const sdk = client(sim.endpoints.gaussdb);
        await expectDocumentedError(sdk, contract, "POST", "/v3/{project_id}/instances", 400, { body: validCreateBody({ name: "x" }) });
        await expectDocumentedError(sdk, contract, "DELETE", "/v3/{project_id}/instances/{instance_id}", 404, { pathParams: { instance_id: "nosuchinstancein14" } });
    });
});

describe("RDS through the official SDK at its base URL", () => {
    const contract = loadContract("rds");

    it("answers every operation the provider uses as the API reference documents", async () => {
        const sdk = client(sim.endpoints.rds);
        const created = await call(sdk, op(contract, "createInstance"), { body: validRdsCreateBody() });
        const instanceId = (created.body["instance"] as { id: string }).id;
        expect(await jobEnded(sdk, contract, created.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "listInstances"), { query: { id: instanceId } });

        const ids = { instance_id: instanceId };
        const resized = await call(sdk, op(contract, "resizeFlavor"), { pathParams: ids, body: { resize_flavor: { spec_code: "rds.mysql.n1.xlarge.2" } } });
        expect(await jobEnded(sdk, contract, resized.body["job_id"] as string)).toBe("Completed");
        const enlarged = await call(sdk, op(contract, "enlargeVolume"), { pathParams: ids, body: { enlarge_volume: { size: 60 } } });
        expect(await jobEnded(sdk, contract, enlarged.body["job_id"] as string)).toBe("Completed");

        const backup = await call(sdk, op(contract, "createBackup"), { body: { instance_id: instanceId, name: "contract-backup" } });
        const backupId = (backup.body["backup"] as { id: string }).id;
        await call(sdk, op(contract, "listBackups"), { query: { instance_id: instanceId } });
        for (let i = 0; i < 200; i++) {
            const listed = await sdk.send("GET", "/v3/{project_id}/backups", { query: { instance_id: instanceId } });
            if ((listed.body["backups"] as { status: string }[]).every((b) => b.status === "COMPLETED")) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const restored = await call(sdk, op(contract, "restoreToNewInstance"), {
            body: { ...validRdsCreateBody({ name: "contract-restored", datastore: undefined, volume: { type: "CLOUDSSD", size: 60 } }), restore_point: { instance_id: instanceId, type: "backup", backup_id: backupId } },
        });
        expect(await jobEnded(sdk, contract, restored.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "deleteBackup"), { pathParams: { backup_id: backupId } });

        const deleted = await call(sdk, op(contract, "deleteInstance"), { pathParams: ids });
        expect(await jobEnded(sdk, contract, deleted.body["job_id"] as string)).toBe("Completed");
    });

    it("answers errors with error_code and error_msg", async () => {
        const sdk = client(sim.endpoints.rds);
        await expectDocumentedError(sdk, contract, "POST", "/v3/{project_id}/instances", 400, { body: validRdsCreateBody({ flavor_ref: "gaussdb.x" }) });
        await expectDocumentedError(sdk, contract, "DELETE", "/v3/{project_id}/instances/{instance_id}", 404, { pathParams: { instance_id: "nosuchinstancein01" } });
    });
});

describe("TaurusDB through the official SDK at its base URL", () => {
    const contract = loadContract("taurusdb");

    it("answers every operation the provider uses as the API reference documents", async () => {
        const sdk = client(sim.endpoints.taurusdb);
        const created = await call(sdk, op(contract, "createInstance"), { body: validTaurusDbCreateBody({ name: "contract-taurus" }) });
        const instanceId = (created.body["instance"] as { id: string }).id;
        expect(await jobEnded(sdk, contract, created.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "listInstances"), { query: { id: instanceId } });
        const ids = { instance_id: instanceId };
        await call(sdk, op(contract, "showInstance"), { pathParams: ids });

        const backup = await call(sdk, op(contract, "createBackup"), { body: { instance_id: instanceId, name: "contract-backup", description: "contract" } });
        expect(await jobEnded(sdk, contract, backup.body["job_id"] as string)).toBe("Completed");
        await call(sdk, op(contract, "listBackups"), { query: { instance_id: instanceId } });
        await call(sdk, op(contract, "deleteBackup"), { pathParams: { backup_id: (backup.body["backup"] as { id: string }).id } });

        const resized = await call(sdk, op(contract, "resizeFlavor"), { pathParams: ids, body: { resize_flavor: { spec_code: "gaussdb.mysql.2xlarge.x86.4" } } });
        expect(await jobEnded(sdk, contract, resized.body["job_id"] as string)).toBe("Completed");

        const deleted = await call(sdk, op(contract, "deleteInstance"), { pathParams: ids });
        expect(await jobEnded(sdk, contract, deleted.body["job_id"] as string)).toBe("Completed");
    });

    it("answers errors with error_code and error_msg", async () => {
        const sdk = client(sim.endpoints.taurusdb);
        await expectDocumentedError(sdk, contract, "POST", "/v3/{project_id}/instances", 400, { body: validTaurusDbCreateBody({ name: "x" }) });
        await expectDocumentedError(sdk, contract, "DELETE", "/v3/{project_id}/instances/{instance_id}", 404, { pathParams: { instance_id: "nosuchinstancein07" } });
    });
});

describe("IAM through the official SDK at its base URL", () => {
    const contract = loadContract("iam");

    it("issues a password token as the API reference documents, usable at every service's base URL", async () => {
        const sdk = client(sim.endpoints.iam);
        const issued = await call(sdk, op(contract, "issueToken"), {
            body: {
                auth: {
                    identity: {
                        methods: ["password"],
                        password: { user: { name: SIMULATOR_USER.name, password: SIMULATOR_USER.password, domain: { name: SIMULATOR_USER.domainName } } },
                    },
                    scope: { project: { id: SIMULATOR_PROJECT_ID } },
                },
            },
        });
        expect((issued.body["token"] as { project: { id: string } }).project.id).toBe(SIMULATOR_PROJECT_ID);
        const token = issued.headers["X-Subject-Token"] ?? "";
        for (const endpoint of [sim.endpoints.gaussdb, sim.endpoints.rds, sim.endpoints.taurusdb]) {
            const response = await fetch(`${endpoint}/v3/${SIMULATOR_PROJECT_ID}/instances`, { headers: { "X-Auth-Token": token } });
            expect(response.status).toBe(200);
        }
    });
});

import { request } from "undici";
import { clearIamTokenCache, IamSession, TOKEN_RENEWAL_MARGIN_MS } from "../../provider/client/iam-session";
import { OtcClient } from "../../provider/client/otc-client";
import { resolveOtcSettings } from "../../provider/config/otc-settings";
import { waitForJob } from "../../provider/jobs/wait-for-job";
import {
    type RunningSimulator,
    SIMULATOR_CREDENTIALS,
    SIMULATOR_PROJECT_ID,
    SIMULATOR_USER,
    simulatorProjectId,
    startSimulator,
} from "../../provider/simulator";
import { providerHarness } from "../helpers/provider-harness";
import { submitCreateJob } from "../helpers/submit-create-job";
import { z } from "zod";

// IAM authentication end to end over loopback HTTP: the simulator's Keystone routes (shapes, errors), and the
// settings → session → client path that pulumi up, waitForJob and otc-jobs wait share.

jest.setTimeout(60_000);

let sim: RunningSimulator;
beforeAll(async () => {
    sim = await startSimulator({ timeScale: 3_000 });
});
afterAll(() => sim.close());
beforeEach(() => clearIamTokenCache());

const tokenRequests = () => sim.stats().requests["POST /v3/auth/tokens"] ?? 0;

function tokenBody(overrides: { password?: string; project?: Record<string, unknown> } = {}) {
    return JSON.stringify({
        auth: {
            identity: {
                methods: ["password"],
                password: {
                    user: { name: SIMULATOR_USER.name, password: overrides.password ?? SIMULATOR_USER.password, domain: { name: SIMULATOR_USER.domainName } },
                },
            },
            scope: { project: overrides.project ?? { name: "eu-de_shapes" } },
        },
    });
}

function iamEnv(projectName: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
        OS_AUTH_URL: `${sim.url}/v3`,
        OS_USERNAME: SIMULATOR_USER.name,
        OS_PASSWORD: SIMULATOR_USER.password,
        OS_DOMAIN_NAME: SIMULATOR_USER.domainName,
        OS_PROJECT_NAME: projectName,
        OTC_ENDPOINT: sim.url,
        ...extra,
    };
}

describe("simulator IAM routes", () => {
    it("issues a project-scoped token: 201, X-Subject-Token, token.project.id, expires_at 24 h ahead, catalog", async () => {
        const before = Date.now();
        const answer = await request(`${sim.url}/v3/auth/tokens`, { method: "POST", body: tokenBody(), headers: { "content-type": "application/json" } });
        const body = (await answer.body.json()) as { token: { expires_at: string; project: { id: string; name: string }; catalog: { type: string; endpoints: { url: string; region: string }[] }[] } };
        expect(answer.statusCode).toBe(201);
        expect(answer.headers["x-subject-token"]).toMatch(/^MIIsim[0-9a-f]{48}$/);
        expect(body.token.project).toMatchObject({ id: simulatorProjectId("eu-de_shapes"), name: "eu-de_shapes" });
        const expiresIn = new Date(body.token.expires_at).getTime() - before;
        expect(expiresIn).toBeGreaterThan(24 * 3600_000 - 5_000);
        expect(expiresIn).toBeLessThan(24 * 3600_000 + 5_000);
        expect(body.token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        const gauss = body.token.catalog.find((s) => s.type === "opengauss");
        // The catalog names each service's own base URL, whichever port the token was asked at.
        expect(gauss?.endpoints[0]).toMatchObject({ url: sim.endpoints.gaussdb, region: "eu-de" });
    });

    it("scopes by project id too, and the default project eu-de is SIMULATOR_PROJECT_ID", async () => {
        const byId = await request(`${sim.url}/v3/auth/tokens`, { method: "POST", body: tokenBody({ project: { id: SIMULATOR_PROJECT_ID } }) });
        expect(byId.statusCode).toBe(201);
        expect(((await byId.body.json()) as { token: { project: { id: string } } }).token.project.id).toBe(SIMULATOR_PROJECT_ID);
        expect(simulatorProjectId("eu-de")).toBe(SIMULATOR_PROJECT_ID);
    });

    it("answers a wrong password with 401 and Keystone's error body, echoing no secret", async () => {
        const answer = await request(`${sim.url}/v3/auth/tokens`, { method: "POST", body: tokenBody({ password: "wrong-password-SECRET" }) });
        const text = await answer.body.text();
        expect(answer.statusCode).toBe(401);
        expect(JSON.parse(text)).toEqual({ error: { code: 401, title: "Unauthorized", message: "The username or password is wrong." } });
        expect(answer.headers["x-subject-token"]).toBeUndefined();
        expect(text).not.toContain("wrong-password-SECRET");
    });

    it("accepts an issued token for its own project only", async () => {
        const answer = await request(`${sim.url}/v3/auth/tokens`, { method: "POST", body: tokenBody({ project: { name: "eu-de_scoped" } }) });
        const token = String(answer.headers["x-subject-token"]);
        await answer.body.dump();
        const own = await request(`${sim.url}/v3/${simulatorProjectId("eu-de_scoped")}/instances`, { headers: { "x-auth-token": token } });
        expect(own.statusCode).toBe(200);
        await own.body.dump();
        const other = await request(`${sim.url}/v3/${SIMULATOR_PROJECT_ID}/instances`, { headers: { "x-auth-token": token } });
        expect(other.statusCode).toBe(403);
        await other.body.dump();
    });

    it("lists a project by name for AK/SK (GET /v3/projects?name=)", async () => {
        const iam = new OtcClient({ endpoint: `${sim.url}/v3`, projectId: "", credentials: SIMULATOR_CREDENTIALS, retries: 0 });
        const { body } = await iam.call(
            { method: "GET", path: "/projects", query: { name: "eu-nl_lookup" } },
            z.object({ projects: z.array(z.object({ id: z.string(), name: z.string() })) }),
        );
        expect(body.projects).toEqual([{ id: simulatorProjectId("eu-nl_lookup"), name: "eu-nl_lookup" }]);
    });
});

describe("password auth through settings, session and client", () => {
    it("waits for a job with OS_USERNAME/OS_PASSWORD and a project name, fetching one token for many requests", async () => {
        const settings = resolveOtcSettings({ get: () => undefined }, iamEnv("eu-de_waiter"));
        expect(settings.region).toBe("eu-de"); // from the project name's prefix
        expect(settings.projectId).toBe("");
        const projectId = simulatorProjectId("eu-de_waiter") ?? "";
        const submitted = await submitCreateJob(sim.url, projectId, "iam-wait-1", settings.credentials);
        const tokensBefore = tokenRequests();
        const job = await waitForJob({ endpoint: sim.url, projectId: settings.projectId, jobId: submitted.jobId, credentials: settings.credentials, coalescePolls: false });
        expect(job.status).toBe("Completed");
        expect(job.instance?.id).toBe(submitted.instanceId);
        expect(tokenRequests() - tokensBefore).toBe(0); // the token of the submit was reused
        expect(JSON.stringify(settings)).not.toContain(SIMULATOR_USER.password);
    });

    it("renews the token when it comes within the renewal margin of its expiry, not before", async () => {
        let offset = 0;
        const session = new IamSession({
            authUrl: `${sim.url}/v3`,
            identity: { kind: "password", username: SIMULATOR_USER.name, password: SIMULATOR_USER.password, userDomainName: SIMULATOR_USER.domainName },
            project: { name: "eu-de_renew" },
            now: () => Date.now() + offset,
        });
        const client = new OtcClient({ endpoint: sim.url, projectId: "", credentials: session, retries: 0 });
        const list = () => client.call({ method: "GET", path: client.projectPath("/instances") }, z.object({ instances: z.array(z.unknown()) }));
        const before = tokenRequests();
        await list();
        await list();
        expect(tokenRequests() - before).toBe(1);
        offset = 24 * 3600_000 - TOKEN_RENEWAL_MARGIN_MS - 60_000; // still a minute outside the margin
        await list();
        expect(tokenRequests() - before).toBe(1);
        offset = 24 * 3600_000 - TOKEN_RENEWAL_MARGIN_MS + 60_000; // inside it
        await list();
        expect(tokenRequests() - before).toBe(2);
    });

    it("fails with the user, domain and auth URL named, never the password, when IAM refuses it", async () => {
        const settings = resolveOtcSettings({ get: () => undefined }, iamEnv("eu-de_refused", { OS_PASSWORD: "not-the-password-SECRET" }));
        const error = await waitForJob({ endpoint: sim.url, projectId: "", jobId: "x", credentials: settings.credentials, timeoutMs: 5_000 }).catch((e: unknown) => e as Error);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toContain(`user "${SIMULATOR_USER.name}"`);
        expect((error as Error).message).toContain(SIMULATOR_USER.domainName);
        expect((error as Error).message).toContain(`${sim.url}/v3`);
        expect((error as Error).message).toContain("The username or password is wrong.");
        expect(`${(error as Error).message}${(error as Error).stack}`).not.toContain("not-the-password-SECRET");
        expect((error as { status?: number }).status).toBe(401);
    });

    it("takes the service endpoint from the token catalog when only the region default was there", async () => {
        // No OTC_ENDPOINT: the region default (gaussdb.eu-de.otc.t-systems.com) would not resolve here; the catalog
        // answers the simulator's URL, so the request must reach the simulator.
        const { OTC_ENDPOINT: _unused, ...env } = iamEnv("eu-de_catalog");
        const settings = resolveOtcSettings({ get: () => undefined }, env);
        expect(settings.endpoints.gaussdb).toBe("https://gaussdb.eu-de.otc.t-systems.com");
        const client = new OtcClient({ endpoint: settings.endpoints.gaussdb ?? "", projectId: settings.projectId, credentials: settings.credentials, retries: 0 });
        const answer = await client.call({ method: "GET", path: client.projectPath("/instances") }, z.object({ instances: z.array(z.unknown()) }));
        expect(answer.status).toBe(200);
        // RDS's entry carries the API version and the project in its path (as the OTC Go SDK expects of rdsv3): the
        // client still reaches RDS's own routes, not /v3/{project}/v3/{project}/instances.
        expect(settings.endpoints.rds).toBe("https://rds.eu-de.otc.t-systems.com");
        const rds = new OtcClient({ endpoint: settings.endpoints.rds ?? "", projectId: settings.projectId, credentials: settings.credentials, retries: 0 });
        const before = sim.stats().requests["GET /rds/v3/{pid}/instances"] ?? 0;
        const rdsAnswer = await rds.call({ method: "GET", path: rds.projectPath("/instances") }, z.object({ instances: z.array(z.unknown()), total_count: z.number() }));
        expect(rdsAnswer.status).toBe(200);
        expect(sim.stats().requests["GET /rds/v3/{pid}/instances"] ?? 0).toBe(before + 1);
    });

    it("resolves a project name to its id with AK/SK (GET /v3/projects?name=) and signs every request", async () => {
        const settings = resolveOtcSettings(
            { get: () => undefined },
            { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey, OS_PROJECT_NAME: "eu-de_aksk", OS_AUTH_URL: `${sim.url}/v3`, OTC_ENDPOINT: sim.url },
        );
        const lookups = () => sim.stats().requests["GET /v3/projects"] ?? 0;
        const before = lookups();
        const submitted = await submitCreateJob(sim.url, "", "iam-aksk-1", settings.credentials);
        const job = await waitForJob({ endpoint: sim.url, projectId: "", jobId: submitted.jobId, credentials: settings.credentials, coalescePolls: false });
        expect(job.status).toBe("Completed");
        expect(sim.stats().instancesByProject[simulatorProjectId("eu-de_aksk") ?? ""]).toBe(1);
        expect(lookups() - before).toBe(1);
    });

    it("a project name no credentials can see is a configuration error naming the setting", async () => {
        const settings = resolveOtcSettings(
            { get: () => undefined },
            { OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey, OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey, OS_PROJECT_NAME: "Not A Project", OS_REGION_NAME: "eu-de", OS_AUTH_URL: `${sim.url}/v3`, OTC_ENDPOINT: sim.url },
        );
        const error = await submitCreateJob(sim.url, "", "iam-none-1", settings.credentials).catch((e: unknown) => e as Error);
        expect((error as Error).name).toBe("OtcConfigError");
        expect((error as Error).message).toContain("otc:projectName");
    });
});

describe("the Pulumi provider authenticates by IAM password and project name, unchanged", () => {
    it("creates an instance in the project the name resolves to", async () => {
        const projectName = `eu-de_prov${Date.now().toString(36)}`;
        const harness = await providerHarness(sim, "iamprovider", {
            "otc:projectId": "",
            "otc:accessKey": "",
            "otc:secretKey": "",
            "otc:region": "",
            "otc:username": SIMULATOR_USER.name,
            "otc:password": SIMULATOR_USER.password,
            "otc:domainName": SIMULATOR_USER.domainName,
            "otc:projectName": projectName,
            "otc:authUrl": `${sim.url}/v3`,
        });
        const inputs = await harness.checked();
        const result = await harness.provider.create(inputs);
        expect(result.id).toBeTruthy();
        expect(sim.stats().instancesByProject[simulatorProjectId(projectName) ?? ""]).toBe(1);
        expect(harness.lines.join("\n")).not.toContain(SIMULATOR_USER.password);
        expect(JSON.stringify(result)).not.toContain(SIMULATOR_USER.password);
    });
});

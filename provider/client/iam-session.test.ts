import { inspect } from "node:util";
import { MockAgent } from "undici";
import { clearIamTokenCache, IamSession, TOKEN_RENEWAL_MARGIN_MS } from "./iam-session";
import { catalogEndpoint, type CatalogService } from "./iam-token";

// The IAM session alone, against undici's MockAgent: what it asks IAM, how often, and what it keeps to itself.

const AUTH_URL = "https://iam.eu-de.otc.t-systems.com/v3";
const IAM_ORIGIN = "https://iam.eu-de.otc.t-systems.com";
const PASSWORD = "unit-test-password-NEVER-PRINT";
const PROJECT_ID = "0549b4a43100d4f32f51c01c2fe4acdb";
const T0 = Date.parse("2026-11-30T10:00:00Z");

let agent: MockAgent;
beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    clearIamTokenCache();
});
afterEach(() => agent.close());

function tokenAnswer(token: string, expiresAtMs: number, catalog: unknown[] = []) {
    return {
        statusCode: 201,
        data: { token: { expires_at: new Date(expiresAtMs).toISOString(), project: { id: PROJECT_ID, name: "eu-de_orders" }, catalog } },
        responseOptions: { headers: { "x-subject-token": token } },
    };
}

function session(now: () => number, overrides: Partial<ConstructorParameters<typeof IamSession>[0]> = {}) {
    return new IamSession({
        authUrl: AUTH_URL,
        identity: { kind: "password", username: "jane", password: PASSWORD, userDomainName: "OTC-EU-DE-1" },
        project: { name: "eu-de_orders" },
        region: "eu-de",
        dispatcher: agent,
        now,
        ...overrides,
    });
}

const request = { method: "GET", url: "https://gaussdb.eu-de.otc.t-systems.com/v3/x/jobs", headers: { "X-Project-Id": PROJECT_ID } };

describe("IamSession (password)", () => {
    it("asks for a password token scoped by project name, once for concurrent and later requests", async () => {
        let body: unknown;
        let calls = 0;
        agent
            .get(IAM_ORIGIN)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply((opts) => {
                calls++;
                body = JSON.parse(String(opts.body));
                const a = tokenAnswer("tok-1", T0 + 24 * 3600_000);
                return { statusCode: a.statusCode, data: a.data, responseOptions: a.responseOptions };
            })
            .persist();
        const s = session(() => T0);
        const headers = await Promise.all([s.authenticate(request), s.authenticate(request), s.projectId()]);
        expect(headers[0]).toMatchObject({ "X-Auth-Token": "tok-1", "X-Project-Id": PROJECT_ID });
        expect(headers[2]).toBe(PROJECT_ID);
        await s.authenticate(request);
        expect(calls).toBe(1);
        expect(body).toEqual({
            auth: {
                identity: { methods: ["password"], password: { user: { name: "jane", password: PASSWORD, domain: { name: "OTC-EU-DE-1" } } } },
                scope: { project: { name: "eu-de_orders", domain: { name: "OTC-EU-DE-1" } } },
            },
        });
    });

    it("renews within the margin before expiry, and after a 401 from a service", async () => {
        let n = 0;
        agent
            .get(IAM_ORIGIN)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply(() => {
                n++;
                const a = tokenAnswer(`tok-${n}`, T0 + 24 * 3600_000);
                return { statusCode: a.statusCode, data: a.data, responseOptions: a.responseOptions };
            })
            .persist();
        let now = T0;
        const s = session(() => now);
        expect((await s.authenticate(request))["X-Auth-Token"]).toBe("tok-1");
        now = T0 + 24 * 3600_000 - TOKEN_RENEWAL_MARGIN_MS - 1_000;
        expect((await s.authenticate(request))["X-Auth-Token"]).toBe("tok-1");
        now = T0 + 24 * 3600_000 - TOKEN_RENEWAL_MARGIN_MS + 1_000;
        expect((await s.authenticate(request))["X-Auth-Token"]).toBe("tok-2");
        s.rejected();
        expect((await s.authenticate(request))["X-Auth-Token"]).toBe("tok-3");
    });

    it("replaces a region-default endpoint by the catalog's, and leaves a configured one alone", async () => {
        const catalog = [{ type: "opengauss", name: "gaussdb", endpoints: [{ interface: "public", region_id: "eu-de", url: "https://opengauss.example/" }] }];
        agent
            .get(IAM_ORIGIN)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply(() => {
                const a = tokenAnswer("tok", T0 + 24 * 3600_000, catalog);
                return { statusCode: a.statusCode, data: a.data, responseOptions: a.responseOptions };
            })
            .persist();
        const s = session(() => T0, { defaultedEndpoints: { "https://gaussdb.eu-de.otc.t-systems.com": "gaussdb" } });
        expect(await s.serviceEndpoint("https://gaussdb.eu-de.otc.t-systems.com")).toBe("https://opengauss.example");
        expect(await s.serviceEndpoint("https://configured.example")).toBe("https://configured.example");
    });

    it("never shows the password: not in JSON, inspect, the cache key, or an IAM refusal", async () => {
        agent
            .get(IAM_ORIGIN)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply(401, { error: { code: 401, title: "Unauthorized", message: "The username or password is wrong." } });
        const s = session(() => T0);
        expect(JSON.stringify(s)).not.toContain(PASSWORD);
        expect(inspect(s, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
        expect(s.cacheKey).not.toContain(PASSWORD);
        const error = (await s.authenticate(request).catch((e: unknown) => e)) as Error & { status?: number };
        expect(error.status).toBe(401);
        expect(error.message).toContain('user "jane" in domain "OTC-EU-DE-1"');
        expect(error.message).toContain("The username or password is wrong. Check otc:username");
        expect(error.message).not.toContain("..");
        expect(`${error.message}${error.stack}${inspect(error, { depth: 10 })}`).not.toContain(PASSWORD);
    });
});

describe("IamSession (AK/SK with a project name)", () => {
    it("looks the id up with a signed GET /v3/projects?name= once, and signs service requests itself", async () => {
        let lookups = 0;
        let authorization = "";
        agent
            .get(IAM_ORIGIN)
            .intercept({ path: "/v3/projects?name=eu-de_orders", method: "GET" })
            .reply((opts) => {
                lookups++;
                authorization = String((opts.headers as Record<string, string>)["Authorization"] ?? "");
                return { statusCode: 200, data: { projects: [{ id: PROJECT_ID, name: "eu-de_orders", enabled: true }] } };
            })
            .persist();
        const s = session(() => T0, { identity: { kind: "aksk", accessKey: "AKUNIT", secretKey: "sk-NEVER-PRINT" } });
        expect(await Promise.all([s.projectId(), s.projectId()])).toEqual([PROJECT_ID, PROJECT_ID]);
        expect(lookups).toBe(1);
        expect(authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKUNIT, /);
        expect((await s.authenticate(request))["Authorization"]).toMatch(/^SDK-HMAC-SHA256 Access=AKUNIT, /);
    });
});

describe("catalogEndpoint", () => {
    const catalog: CatalogService[] = [
        { type: "gaussdb", name: "taurus", endpoints: [{ interface: "public", region: "eu-de", url: "https://gaussdb-mysql.eu-de.example" }] },
        { type: "opengauss", name: "gaussdb", endpoints: [
            { interface: "internal", region: "eu-de", url: "https://internal.example" },
            { interface: "public", region: "eu-nl", url: "https://nl.example" },
            { interface: "public", region: "eu-de", url: "https://de.example/" },
        ] },
    ];

    it("takes the public endpoint of the region, never internal ones or TaurusDB's", () => {
        expect(catalogEndpoint(catalog, "gaussdb", "eu-de")).toBe("https://de.example");
        expect(catalogEndpoint(catalog, "gaussdb", "eu-nl")).toBe("https://nl.example");
        expect(catalogEndpoint([catalog[0]!], "gaussdb", "eu-de")).toBeUndefined();
        expect(catalogEndpoint([], "gaussdb", "eu-de")).toBeUndefined();
    });

    it("reads a URL with the API version and project in its path as the service's base URL, as it reads a bare one", () => {
        const rds = (url: string): CatalogService[] => [{ type: "rdsv3", name: "rds", endpoints: [{ interface: "public", region: "eu-de", url }] }];
        const base = "https://rds.eu-de.otc.t-systems.com";
        for (const url of [base, `${base}/`, `${base}/v3`, `${base}/v3/0123456789abcdef0123456789abcdef`, `${base}/v3.0/0123456789abcdef/`]) {
            expect(catalogEndpoint(rds(url), "rds", "eu-de")).toBe(base);
        }
        // A path prefix before the version is the service's own (a proxy, a shared host): kept.
        expect(catalogEndpoint(rds("https://proxy.example/rds-api/v3/abc"), "rds", "eu-de")).toBe("https://proxy.example/rds-api");
        // The retired v1 entry ("rds", …/rds/v1/{project}) is never taken for the v3 API.
        expect(catalogEndpoint([{ type: "rds", name: "rds", endpoints: [{ interface: "public", region: "eu-de", url: `${base}/rds/v1/abc` }] }], "rds", "eu-de")).toBeUndefined();
    });
});

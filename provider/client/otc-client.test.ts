import { runInNewContext } from "node:vm";
import { MockAgent } from "undici";
import { z } from "zod";
import type { CredentialsProvider } from "./credentials";
import { OtcApiError, OtcEndpointError, OtcNetworkError, OtcResponseError } from "./otc-api-error";
import { OtcClient, type OtcClientOptions, type RetryEvent } from "./otc-client";
import type { RateLimiter } from "./rate-limiter";

// The client alone, against undici's MockAgent with the network disabled: what goes over the wire, what comes back,
// and which failures are retried. Backoff is shrunk to a few ms.

const ORIGIN = "https://gaussdb.eu-de.otc.t-systems.com";
const PROJECT = "0549b4a43100d4f32f51c01c2fe4acdb";
const AK_SK = { accessKey: "AKIDUNITTESTACCESS0001", secretKey: "unit-test-secret-key-NEVER-PRINT-ME" };
const TOKEN = { token: "MIIunit-test-token-NEVER-PRINT-ME" };
const JOBS_PATH = `/v3/${PROJECT}/jobs`;

const jobSchema = z.object({ job: z.object({ id: z.string(), status: z.string() }) });
const JOB_BODY = { job: { id: "j1", status: "Running" } };

let agent: MockAgent;

beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
});

afterEach(async () => {
    await agent.close();
});

function client(options: Partial<OtcClientOptions> = {}): OtcClient {
    return new OtcClient({
        endpoint: `${ORIGIN}/`,
        projectId: PROJECT,
        credentials: AK_SK,
        dispatcher: agent,
        retries: 3,
        minRetryDelayMs: 1,
        maxRetryDelayMs: 5,
        ...options,
    });
}

const pool = () => agent.get(ORIGIN);
const jobsPath = (path: string) => path.startsWith(`${JOBS_PATH}?`);
const getJob = (c: OtcClient) => c.call({ method: "GET", path: c.projectPath("/jobs"), query: { id: "j1" } }, jobSchema);
const postCreate = (c: OtcClient) =>
    c.call({ method: "POST", path: c.projectPath("/instances"), body: { name: "db" } }, z.object({ job_id: z.string() }));

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error("expected a rejection");
}

function expectNoSecrets(error: unknown): void {
    const e = error as Error & { cause?: unknown };
    const texts = [e.message, String(e), e.stack ?? "", JSON.stringify(e), e.cause instanceof Error ? `${e.cause.message} ${e.cause.stack}` : ""];
    for (const text of texts) {
        expect(text).not.toContain(AK_SK.secretKey);
        expect(text).not.toContain(TOKEN.token);
        expect(text).not.toContain("Signature=");
    }
}

describe("OtcClient", () => {
    it("signs a GET with AK/SK and parses the answer", async () => {
        let seen: Record<string, string> = {};
        pool()
            .intercept({ path: `${JOBS_PATH}?id=j1`, method: "GET" })
            .reply((opts) => {
                seen = opts.headers as Record<string, string>;
                return { statusCode: 200, data: JSON.stringify(JOB_BODY), responseOptions: { headers: { "x-request-id": "req-1" } } };
            });
        const answer = await getJob(client());
        expect(answer).toEqual({ status: 200, body: JOB_BODY, requestId: "req-1" });
        const lower = Object.fromEntries(Object.entries(seen).map(([k, v]) => [k.toLowerCase(), v]));
        expect(lower["authorization"]).toMatch(new RegExp(`^SDK-HMAC-SHA256 Access=${AK_SK.accessKey}, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`));
        expect(lower["x-sdk-date"]).toMatch(/^\d{8}T\d{6}Z$/);
        expect(lower["x-project-id"]).toBe(PROJECT);
        expect(lower["x-auth-token"]).toBeUndefined();
    });

    it("sends a token as X-Auth-Token, unsigned", async () => {
        let seen: Record<string, string> = {};
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply((opts) => {
                seen = opts.headers as Record<string, string>;
                return { statusCode: 200, data: JSON.stringify(JOB_BODY) };
            });
        await getJob(client({ credentials: TOKEN }));
        const lower = Object.fromEntries(Object.entries(seen).map(([k, v]) => [k.toLowerCase(), v]));
        expect(lower["x-auth-token"]).toBe(TOKEN.token);
        expect(lower["authorization"]).toBeUndefined();
    });

    it("keeps a path prefix of the endpoint and encodes the query", async () => {
        const prefixed = `/mysql/v3/${PROJECT}/jobs?id=a%20b%26c`;
        pool().intercept({ path: prefixed, method: "GET" }).reply(200, JOB_BODY);
        const c = client({ endpoint: `${ORIGIN}/mysql` });
        const answer = await c.call({ method: "GET", path: c.projectPath("/jobs"), query: { id: "a b&c", skipped: undefined } }, jobSchema);
        expect(answer.body).toEqual(JOB_BODY);
    });

    it("turns an error answer into OtcApiError with status, error_code, error_msg and the X-Request-Id", async () => {
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply(400, { error_code: "DBS.200543", error_msg: "The job does not exist." }, { headers: { "X-Request-Id": "0b5c2d7e" } });
        const error = await rejectionOf(getJob(client()));
        expect(error).toBeInstanceOf(OtcApiError);
        const api = error as OtcApiError;
        expect(api).toMatchObject({ status: 400, errorCode: "DBS.200543", errorMsg: "The job does not exist.", requestId: "0b5c2d7e", method: "GET", path: JOBS_PATH });
        expect(api.message).toBe(`GET ${JOBS_PATH} answered 400: DBS.200543: The job does not exist. (request id 0b5c2d7e)`);
        expectNoSecrets(api);
    });

    it("reads a nested error body and a request id from the body", async () => {
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply(403, { error: { code: "APIGW.0301", message: "Incorrect IAM authentication information", request_id: "body-rid" } });
        const api = (await rejectionOf(getJob(client()))) as OtcApiError;
        expect(api).toMatchObject({ status: 403, errorCode: "APIGW.0301", errorMsg: "Incorrect IAM authentication information", requestId: "body-rid" });
    });

    it("keeps a snippet of a body that is not JSON", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).reply(404, "<html>\n  <body>Not   Found</body></html>");
        const api = (await rejectionOf(getJob(client()))) as OtcApiError;
        expect(api.status).toBe(404);
        expect(api.errorCode).toBeUndefined();
        expect(api.message).toContain("unexpected body: <html> <body>Not Found</body></html>");
    });

    it("retries a 5xx GET and returns the answer that follows", async () => {
        const retries: RetryEvent[] = [];
        pool().intercept({ path: jobsPath, method: "GET" }).reply(503, { error_code: "SYS.0503", error_msg: "busy" }).times(2);
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        const answer = await getJob(client({ onRetry: (e) => retries.push(e) }));
        expect(answer.body).toEqual(JOB_BODY);
        expect(retries.map((r) => [r.attempt, r.reason])).toEqual([
            [1, "503 SYS.0503"],
            [2, "503 SYS.0503"],
        ]);
        expect(retries[0]).toMatchObject({ method: "GET", path: JOBS_PATH, retriesLeft: 3 });
    });

    it("gives up on a 5xx GET after the configured retries, with the last OtcApiError", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).reply(500, { error_code: "SYS.0500", error_msg: "boom" }).times(3);
        const error = await rejectionOf(getJob(client({ retries: 2 })));
        expect(error).toBeInstanceOf(OtcApiError);
        expect((error as OtcApiError).status).toBe(500);
        expect(agent.pendingInterceptors()).toHaveLength(0);
    });

    it("does not retry a 5xx POST (the create may have happened)", async () => {
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(502, { error_code: "SYS.0502", error_msg: "bad gateway" });
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, { job_id: "j2" });
        const error = await rejectionOf(postCreate(client()));
        expect(error).toMatchObject({ name: "OtcApiError", status: 502 });
        expect(agent.pendingInterceptors()).toHaveLength(1);
    });

    it("retries a 5xx POST marked idempotent", async () => {
        pool().intercept({ path: `/v3/${PROJECT}/instances/i1/action`, method: "POST" }).reply(503, {});
        pool().intercept({ path: `/v3/${PROJECT}/instances/i1/action`, method: "POST" }).reply(202, { job_id: "j3" });
        const c = client();
        const answer = await c.call(
            { method: "POST", path: c.projectPath("/instances/i1/action"), body: { x: 1 }, idempotent: true },
            z.object({ job_id: z.string() }),
        );
        expect(answer.body.job_id).toBe("j3");
    });

    it("retries a 429 even for a POST, after telling the rate limiter with the Retry-After", async () => {
        const throttled: (number | undefined)[] = [];
        const sentAt: (number | undefined)[] = [];
        const priorities: unknown[] = [];
        let acquired = 0;
        const limiter = {
            acquire: async (_signal: AbortSignal | undefined, priority: unknown) => {
                priorities.push(priority);
                return 1_000 + ++acquired;
            },
            onThrottled: (ms?: number, sent?: number) => {
                throttled.push(ms);
                sentAt.push(sent);
            },
        } as unknown as RateLimiter;
        const retries: RetryEvent[] = [];
        pool()
            .intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" })
            .reply(429, { error_code: "APIGW.0308", error_msg: "throttled" }, { headers: { "retry-after": "0" } });
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, { job_id: "j2" });
        const answer = await postCreate(client({ rateLimiter: limiter, onRetry: (e) => retries.push(e) }));
        expect(answer.body.job_id).toBe("j2");
        expect(throttled).toEqual([0]);
        // The limiter learns when the refused request was let go, so a burst's 429s lower the rate once.
        expect(sentAt).toEqual([1_001]);
        expect(acquired).toBe(2);
        expect(priorities).toEqual([undefined, undefined]);
        expect(retries).toEqual([expect.objectContaining({ method: "POST", reason: "429 APIGW.0308", delayMs: 0 })]);
    });

    it("waits at least Retry-After before the retry of a 429", async () => {
        const sentAt: number[] = [];
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply(() => {
                sentAt.push(performance.now());
                return { statusCode: 429, data: "{}", responseOptions: { headers: { "retry-after": "1" } } };
            });
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply(() => {
                sentAt.push(performance.now());
                return { statusCode: 200, data: JSON.stringify(JOB_BODY) };
            });
        await getJob(client());
        expect(sentAt).toHaveLength(2);
        expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(1_000);
    });

    it("retries a truncated JSON body for a GET", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, '{"job":{"id":"j1","sta');
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        const answer = await getJob(client());
        expect(answer.body).toEqual(JOB_BODY);
        expect(agent.pendingInterceptors()).toHaveLength(0);
    });

    it("does not retry a truncated body for a POST, and says it is not JSON", async () => {
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, '{"job_id":"j', { headers: { "x-request-id": "rid-7" } });
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, { job_id: "j2" });
        const error = await rejectionOf(postCreate(client()));
        expect(error).toBeInstanceOf(OtcResponseError);
        expect(error).toMatchObject({ status: 202, transient: true, requestId: "rid-7" });
        expect((error as Error).message).toContain("not JSON");
        expect(agent.pendingInterceptors()).toHaveLength(1);
    });

    it("does not retry a body of the wrong shape, and names the offending field", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, { job: { id: "j1", status: 7 } });
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        const error = await rejectionOf(getJob(client()));
        expect(error).toBeInstanceOf(OtcResponseError);
        expect(error).toMatchObject({ transient: false, status: 200 });
        expect((error as Error).message).toContain("job.status");
        expect(agent.pendingInterceptors()).toHaveLength(1);
    });

    it("treats an empty 2xx body as {}", async () => {
        pool().intercept({ path: `/v3/${PROJECT}/instances/i1/password`, method: "POST" }).reply(200, "");
        const c = client();
        const answer = await c.call({ method: "POST", path: c.projectPath("/instances/i1/password"), body: { password: "x" } }, z.object({}).passthrough());
        expect(answer.body).toEqual({});
    });

    it("retries a connection reset for a GET", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        expect((await getJob(client())).body).toEqual(JOB_BODY);
    });

    it("retries a connection reset for a GET when the error comes from another realm (as Node's own errors do under jest)", async () => {
        const foreign = runInNewContext('Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" })') as Error;
        expect(foreign instanceof Error).toBe(false);
        pool().intercept({ path: jobsPath, method: "GET" }).replyWithError(foreign);
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        expect((await getJob(client())).body).toEqual(JOB_BODY);
    });

    it("does not retry a connection reset for a POST, and reports an OtcNetworkError", async () => {
        pool()
            .intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" })
            .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, { job_id: "j2" });
        const error = await rejectionOf(postCreate(client()));
        expect(error).toBeInstanceOf(OtcNetworkError);
        expect(error).toMatchObject({ causeCode: "ECONNRESET", method: "POST", path: `/v3/${PROJECT}/instances` });
        expect(agent.pendingInterceptors()).toHaveLength(1);
    });

    it("retries a refused connection even for a POST (nothing was sent)", async () => {
        pool()
            .intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" })
            .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
        pool().intercept({ path: `/v3/${PROJECT}/instances`, method: "POST" }).reply(202, { job_id: "j2" });
        expect((await postCreate(client())).body.job_id).toBe("j2");
    });

    it("gives up on network errors after the retries with an OtcNetworkError carrying the cause", async () => {
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .replyWithError(Object.assign(new Error("read ETIMEDOUT"), { code: "ETIMEDOUT" }))
            .times(2);
        const error = await rejectionOf(getJob(client({ retries: 1 })));
        expect(error).toBeInstanceOf(OtcNetworkError);
        expect((error as OtcNetworkError).message).toBe(
            `GET ${JOBS_PATH} failed: ETIMEDOUT (host gaussdb.eu-de.otc.t-systems.com, URL ${ORIGIN}${JOBS_PATH}?id=j1)`,
        );
        expect((error as OtcNetworkError).host).toBe("gaussdb.eu-de.otc.t-systems.com");
        expect((error as OtcNetworkError).cause).toBeInstanceOf(Error);
    });

    it.each([
        ["AK/SK", AK_SK],
        ["token", TOKEN],
    ])("never puts %s credentials into an error, whatever went wrong", async (_label, credentials) => {
        const c = client({ credentials, retries: 0 });
        pool().intercept({ path: jobsPath, method: "GET" }).reply(401, { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information" });
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, { nope: true });
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, "{trunc");
        pool().intercept({ path: jobsPath, method: "GET" }).replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        pool().intercept({ path: jobsPath, method: "GET" }).reply(502, "<html>bad gateway</html>");
        for (let i = 0; i < 5; i++) expectNoSecrets(await rejectionOf(getJob(c)));
    });

    it("rejects with the signal's reason when aborted during a retry backoff", async () => {
        pool().intercept({ path: jobsPath, method: "GET" }).reply(503, {}).persist();
        const controller = new AbortController();
        const reason = new Error("stop waiting");
        const c = client({ minRetryDelayMs: 60_000, maxRetryDelayMs: 60_000, onRetry: () => setTimeout(() => controller.abort(reason), 5) });
        const error = await rejectionOf(c.call({ method: "GET", path: c.projectPath("/jobs"), query: { id: "j1" }, signal: controller.signal }, jobSchema));
        expect(error).toBe(reason);
    });
});

describe("OtcClient: endpoints that cannot work are named and not retried", () => {
    it.each(["ENOTFOUND", "EAI_AGAIN"])("does not retry a DNS failure (%s) and names host, URL and what to check", async (code) => {
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .replyWithError(Object.assign(new Error(`getaddrinfo ${code} gaussdb.eu-de.otc.t-systems.com`), { code }));
        const retries: RetryEvent[] = [];
        // A second interception would answer if the client retried; it must stay unused.
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        const error = await rejectionOf(getJob(client({ onRetry: (e) => retries.push(e) })));
        expect(retries).toEqual([]);
        expect(error).toBeInstanceOf(OtcEndpointError);
        expect(error).not.toBeInstanceOf(OtcNetworkError); // waiters retry those
        const message = (error as Error).message;
        expect(message).toContain("gaussdb.eu-de.otc.t-systems.com does not resolve");
        expect(message).toContain(`${ORIGIN}${JOBS_PATH}?id=j1`);
        expect(message).toContain("OS_REGION_NAME");
        expect((error as OtcEndpointError).kind).toBe("dns");
    });

    it.each([
        ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed"],
        ["ERR_TLS_CERT_ALTNAME_INVALID", "hostname mismatch"],
        ["CERT_HAS_EXPIRED", "has expired"],
    ])("says what a TLS failure (%s) is and how to fix it, without retrying", async (code, what) => {
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .replyWithError(Object.assign(new Error("tls failure"), { code }));
        pool().intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        const error = await rejectionOf(getJob(client()));
        expect(error).toBeInstanceOf(OtcEndpointError);
        const message = (error as Error).message;
        expect(message).toContain(what);
        expect(message).toContain("OS_CACERT");
        expect(message).toContain("OS_INSECURE");
        expect(message).toContain(ORIGIN);
    });
});

describe("OtcClient with a credentials provider", () => {
    function provider(overrides: Partial<CredentialsProvider> = {}): CredentialsProvider & { calls: string[] } {
        const calls: string[] = [];
        return {
            kind: "credentials-provider",
            cacheKey: "test",
            calls,
            authenticate: async (request) => {
                calls.push("authenticate");
                return { ...request.headers, "X-Auth-Token": "provided-token" };
            },
            projectId: async () => {
                calls.push("projectId");
                return PROJECT;
            },
            serviceEndpoint: async (endpoint) => endpoint,
            rejected: () => calls.push("rejected"),
            ...overrides,
        };
    }

    it("fills in a project id resolved by the provider, once, and sends its headers", async () => {
        const p = provider();
        const c = client({ projectId: "", credentials: p });
        expect(c.projectPath("/jobs")).toBe("/v3/{project_id}/jobs");
        let seen: Record<string, string> = {};
        pool()
            .intercept({ path: jobsPath, method: "GET" })
            .reply(200, (opts) => {
                seen = opts.headers as Record<string, string>;
                return JOB_BODY;
            })
            .times(2);
        await getJob(c);
        await getJob(c);
        expect(seen["X-Auth-Token"]).toBe("provided-token");
        expect(seen["X-Project-Id"]).toBe(PROJECT);
        expect(p.calls.filter((call) => call === "projectId")).toHaveLength(1);
        expect(c.projectPath("/jobs")).toBe(JOBS_PATH);
    });

    it("uses the endpoint the provider substitutes (the token catalog's)", async () => {
        const other = "https://catalog.example.com";
        const c = client({ credentials: provider({ serviceEndpoint: async () => other }) });
        agent.get(other).intercept({ path: jobsPath, method: "GET" }).reply(200, JOB_BODY);
        expect((await getJob(c)).body).toEqual(JOB_BODY);
    });

    it("tells the provider about a 401 so its cached token is dropped", async () => {
        const p = provider();
        pool().intercept({ path: jobsPath, method: "GET" }).reply(401, { error_code: "APIGW.0301", error_msg: "token expired" });
        await rejectionOf(getJob(client({ credentials: p })));
        expect(p.calls).toContain("rejected");
    });
});

import { types } from "node:util";
import { type Dispatcher, request as undiciRequest } from "undici";
import { authenticateRequest, isCredentialsProvider, type OtcCredentials } from "./credentials";
import { OtcConfigError } from "../config/otc-config-error";
import { sharedHttpDispatcher } from "./http-dispatcher";
import { OtcApiError, OtcEndpointError, OtcNetworkError, OtcResponseError } from "./otc-api-error";
import type { RateLimiter, RequestPriority } from "./rate-limiter";
import { retry } from "./retry";
import { parseRetryAfterMs } from "./retry-after";
import { abortableSleep } from "../util/abortable-sleep";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/**
 * What `call` needs of a response schema; any zod schema fits. Declared structurally so that the published
 * type declarations never reference zod's: zod's own declarations do not compile in a project without
 * `esModuleInterop` and `skipLibCheck` (Pulumi's default TypeScript template).
 */
export interface ResponseSchema<T> {
    safeParse(data: unknown):
        | { success: true; data: T }
        | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface OtcClientOptions {
    /** Service endpoint, e.g. `https://gaussdb.eu-de.otc.t-systems.com` (a path prefix such as `/mysql` is kept). */
    endpoint: string;
    /**
     * The project id. May be empty when `credentials` is a `CredentialsProvider` that resolves it (a project given
     * by name): `projectPath` then yields `/v3/{project_id}/...` and the id is filled in at request time.
     */
    projectId: string;
    credentials: OtcCredentials;
    /** Default: the process-wide pool. */
    dispatcher?: Dispatcher;
    /** Shared per endpoint; every attempt waits for it, and a 429 lowers it. */
    rateLimiter?: RateLimiter;
    /** Retries of a transient failure. Default 4. */
    retries?: number;
    /** Backoff before the first retry. Default 500 ms; doubles, with jitter, up to `maxRetryDelayMs`. */
    minRetryDelayMs?: number;
    /** Default 15 s. */
    maxRetryDelayMs?: number;
    /** Told about every retry, for progress output. Never receives credentials. */
    onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
    method: string;
    path: string;
    attempt: number;
    retriesLeft: number;
    reason: string;
    delayMs?: number;
}

export interface OtcRequest {
    method: HttpMethod;
    /** Path below the endpoint, e.g. `/v3/{project_id}/jobs`. */
    path: string;
    query?: Record<string, string | number | undefined>;
    body?: unknown;
    /**
     * Safe to send twice. Default: only GET. Network errors, truncated bodies and 5xx are retried only when
     * true; a 429 (rejected before processing) and a refused connection are always retried.
     */
    idempotent?: boolean;
    signal?: AbortSignal;
    /**
     * Its place in the endpoint's rate-limit queue. `urgent` goes before every `normal` request still waiting:
     * for a call whose one answer many waiters share (a task-list read), not for one request's own business.
     */
    priority?: RequestPriority;
    /** Return the response headers too (IAM answers its token in a header). */
    withHeaders?: boolean;
}

export interface OtcResponse<T> {
    status: number;
    body: T;
    requestId: string | undefined;
    /** Response headers, lower-case names (IAM answers its token in `x-subject-token`). */
    headers?: Record<string, string | string[] | undefined>;
}

/** In a path from `projectPath` while the project id is not known yet; replaced before the request is sent. */
export const PROJECT_ID_PLACEHOLDER = "{project_id}";

/** The request was never sent, so it is safe to retry whatever its method. */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT"]);
/** A host name that does not resolve is a configuration error, not a hiccup: never retried. */
const DNS_FAILURES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA"]);
/** Certificate problems: retrying cannot help; the message says how to trust the CA or skip the check. */
const TLS_FAILURES = new Set([
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_UNTRUSTED",
    "CERT_SIGNATURE_FAILURE",
    "ERR_SSL_WRONG_VERSION_NUMBER",
]);
const NETWORK_FAILURES = new Set([
    ...CONNECT_FAILURES,
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "UND_ERR_SOCKET",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
    "UND_ERR_CLOSED",
]);

/**
 * A small OTC API client: one parse point that turns every answer into a typed body or one typed error, AK/SK
 * or token auth on every attempt, and retries of transient failures of requests that are safe to repeat.
 */
export class OtcClient {
    readonly endpoint: string;
    private configuredProjectId: string;
    private readonly credentials: OtcCredentials;
    private readonly dispatcher: Dispatcher;
    private readonly options: OtcClientOptions;

    constructor(options: OtcClientOptions) {
        this.endpoint = options.endpoint.replace(/\/+$/, "");
        this.configuredProjectId = options.projectId;
        this.credentials = options.credentials;
        this.dispatcher = options.dispatcher ?? sharedHttpDispatcher();
        this.options = options;
    }

    /** The project id; empty until a credentials provider has resolved a project given by name. */
    get projectId(): string {
        return this.configuredProjectId;
    }

    /** `/v3/{project_id}{suffix}` (with the placeholder itself while the id is still to be resolved). */
    projectPath(suffix: string): string {
        if (this.configuredProjectId === "") return `/v3/${PROJECT_ID_PLACEHOLDER}${suffix}`;
        return `/v3/${encodeURIComponent(this.configuredProjectId)}${suffix}`;
    }

    /** The project id, resolving it through the credentials provider when it was given by name. */
    async resolveProjectId(signal?: AbortSignal): Promise<string> {
        if (this.configuredProjectId === "" && isCredentialsProvider(this.credentials)) {
            this.configuredProjectId = await this.credentials.projectId(signal);
        }
        if (this.configuredProjectId === "") {
            throw new OtcConfigError("No OTC project id: pass projectId, or credentials that resolve a project name (see resolveOtcSettings)");
        }
        return this.configuredProjectId;
    }

    get rateLimiter(): RateLimiter | undefined {
        return this.options.rateLimiter;
    }

    async call<T>(request: OtcRequest, schema: ResponseSchema<T>): Promise<OtcResponse<T>> {
        const idempotent = request.idempotent ?? request.method === "GET";
        let path = request.path;
        // When the rate limiter let the last attempt go: a 429 to a request sent before the rate was lowered
        // does not lower it again.
        const sent: { atMs?: number } = {};
        try {
            return await retry(
                async () => {
                    if (path.includes(PROJECT_ID_PLACEHOLDER)) {
                        path = path.replace(PROJECT_ID_PLACEHOLDER, encodeURIComponent(await this.resolveProjectId(request.signal)));
                    }
                    return await this.attempt({ ...request, path }, schema, sent);
                },
                {
                    retries: this.options.retries ?? 4,
                    minDelayMs: this.options.minRetryDelayMs ?? 500,
                    maxDelayMs: this.options.maxRetryDelayMs ?? 15_000,
                    shouldRetry: (error) => isRetryable(error, idempotent),
                    ...(request.signal ? { signal: request.signal } : {}),
                    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
                        const retryAfterMs = error instanceof OtcApiError ? error.retryAfterMs : undefined;
                        if (error instanceof OtcApiError && error.status === 429) {
                            this.options.rateLimiter?.onThrottled(retryAfterMs, sent.atMs);
                        }
                        if (retriesLeft > 0) {
                            this.options.onRetry?.({
                                method: request.method,
                                path,
                                attempt: attemptNumber,
                                retriesLeft,
                                reason: describeFailure(error),
                                ...(retryAfterMs !== undefined ? { delayMs: retryAfterMs } : {}),
                            });
                            // Retry-After is a floor: the backoff is added on top of it.
                            if (retryAfterMs !== undefined) await abortableSleep(retryAfterMs, request.signal);
                        }
                    },
                },
            );
        } catch (error) {
            throw finalError(error, request.method, path);
        }
    }

    private async attempt<T>(request: OtcRequest, schema: ResponseSchema<T>, sent: { atMs?: number }): Promise<OtcResponse<T>> {
        if (this.options.rateLimiter) sent.atMs = await this.options.rateLimiter.acquire(request.signal, request.priority);
        const provider = isCredentialsProvider(this.credentials) ? this.credentials : undefined;
        const endpoint = provider ? (await provider.serviceEndpoint(this.endpoint, request.signal)).replace(/\/+$/, "") : this.endpoint;
        const url = this.url(endpoint, request);
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        // IAM calls go through this client too, before any project is known: they carry no X-Project-Id.
        const baseHeaders: Record<string, string> = {
            "Content-Type": "application/json",
            ...(this.configuredProjectId !== "" ? { "X-Project-Id": this.configuredProjectId } : {}),
        };
        const headers = await authenticateRequest({ method: request.method, url, headers: baseHeaders, body }, this.credentials, request.signal);
        const response = await undiciRequest(url, {
            method: request.method,
            headers,
            ...(body !== undefined ? { body } : {}),
            dispatcher: this.dispatcher,
            ...(request.signal ? { signal: request.signal } : {}),
        }).catch((error: unknown) => {
            if (isObject(error)) failedUrls.set(error, url);
            throw error;
        });
        const requestId = headerValue(response.headers["x-request-id"]);
        const text = await response.body.text();
        if (response.statusCode === 401) provider?.rejected();
        if (response.statusCode >= 400) {
            throw apiError(response.statusCode, request.method, request.path, text, requestId, response.headers["retry-after"]);
        }
        let json: unknown;
        try {
            json = text.trim() === "" ? {} : JSON.parse(text);
        } catch (error) {
            throw new OtcResponseError(request.method, request.path, response.statusCode, `not JSON (${asError(error).message})`, requestId, true);
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
            const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
            throw new OtcResponseError(request.method, request.path, response.statusCode, issues, requestId, false);
        }
        return { status: response.statusCode, body: parsed.data, requestId, ...(request.withHeaders ? { headers: response.headers } : {}) };
    }

    private url(endpoint: string, request: OtcRequest): string {
        const url = new URL(endpoint + request.path);
        for (const [key, value] of Object.entries(request.query ?? {})) {
            if (value !== undefined) url.searchParams.append(key, String(value));
        }
        return url.toString();
    }
}

function apiError(
    status: number,
    method: string,
    path: string,
    text: string,
    headerRequestId: string | undefined,
    retryAfter: string | string[] | undefined,
): OtcApiError {
    let errorCode: string | undefined;
    let errorMsg: string | undefined;
    let requestId = headerRequestId;
    try {
        const body = JSON.parse(text) as Record<string, unknown>;
        // Some gateways nest the error one level down ({"error": {...}}).
        const fields = (typeof body["error"] === "object" && body["error"] !== null ? body["error"] : body) as Record<string, unknown>;
        errorCode = stringField(fields, "error_code") ?? stringField(fields, "code");
        errorMsg = stringField(fields, "error_msg") ?? stringField(fields, "message");
        requestId ??= stringField(fields, "request_id");
    } catch {
        // Not JSON (a proxy's HTML page, say): keep a snippet so the user sees what came back.
    }
    return new OtcApiError({
        status,
        method,
        path,
        errorCode,
        errorMsg,
        requestId,
        retryAfterMs: parseRetryAfterMs(retryAfter),
        bodySnippet: errorCode || errorMsg ? undefined : text.slice(0, 200).replace(/\s+/g, " ").trim() || undefined,
    });
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
    const value = body[key];
    return typeof value === "string" ? value : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value[0] : value;
}

export function networkErrorCode(error: unknown): string | undefined {
    // A host that does not resolve or is not trusted got no request at all: not a network hiccup.
    if (error instanceof OtcEndpointError) return undefined;
    // Not `instanceof Error`: Node's own socket errors come from another realm under vm contexts (jest).
    for (let e: unknown = error, depth = 0; isObject(e) && depth < 8; e = e["cause"], depth++) {
        const code = e["code"];
        if (typeof code === "string" && NETWORK_FAILURES.has(code)) return code;
    }
    return undefined;
}

/** `ENOTFOUND`, `CERT_HAS_EXPIRED`, …: the code of a DNS or TLS failure anywhere in the cause chain. */
function endpointFailure(error: unknown): { kind: "dns" | "tls"; code: string } | undefined {
    for (let e: unknown = error, depth = 0; isObject(e) && depth < 8; e = e["cause"], depth++) {
        const code = e["code"];
        if (typeof code === "string" && DNS_FAILURES.has(code)) return { kind: "dns", code };
        if (typeof code === "string" && TLS_FAILURES.has(code)) return { kind: "tls", code };
        if (typeof e["message"] === "string" && /wrong version number/i.test(e["message"])) return { kind: "tls", code: "ERR_SSL_WRONG_VERSION_NUMBER" };
    }
    return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null;
}

function isRetryable(error: unknown, idempotent: boolean): boolean {
    if (error instanceof OtcApiError) {
        if (error.status === 429) return true;
        return idempotent && error.status >= 500;
    }
    if (error instanceof OtcResponseError) return idempotent && error.transient;
    if (endpointFailure(error)) return false;
    const code = networkErrorCode(error);
    if (code === undefined) return false;
    return idempotent || CONNECT_FAILURES.has(code);
}

function describeFailure(error: unknown): string {
    if (error instanceof OtcApiError) return `${error.status}${error.errorCode ? ` ${error.errorCode}` : ""}`;
    if (error instanceof OtcResponseError) return "invalid body";
    return networkErrorCode(error) ?? asError(error).message;
}

/** The URL a network error happened on, so the final message names host and URL. */
const failedUrls = new WeakMap<object, string>();

function finalError(error: unknown, method: string, path: string): Error {
    let url: string | undefined;
    for (let e: unknown = error, depth = 0; url === undefined && isObject(e) && depth < 8; e = e["cause"], depth++) url = failedUrls.get(e);
    if (error instanceof OtcApiError || error instanceof OtcResponseError || error instanceof OtcEndpointError) return error;
    const endpoint = endpointFailure(error);
    if (endpoint && url) return new OtcEndpointError(endpoint.kind, method, url, endpoint.code, error);
    const code = networkErrorCode(error);
    if (code !== undefined) return new OtcNetworkError(method, path, code, error, url);
    return asError(error);
}

function asError(error: unknown): Error {
    if (error instanceof Error) return error;
    if (types.isNativeError(error)) return Object.assign(new Error(error.message, { cause: error }), { code: (error as { code?: unknown }).code });
    return new Error(String(error));
}

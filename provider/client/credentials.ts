import { type AkSkCredentials, signRequest } from "./sign-request";

export type { AkSkCredentials } from "./sign-request";

/** An IAM token, sent as `X-Auth-Token` (valid 24 h). */
export interface TokenCredentials {
    token: string;
}

export interface RequestToAuthenticate {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string | undefined;
}

/**
 * Credentials that need asynchronous work first: an IAM password token to fetch and renew, a project id to look
 * up by name, service endpoints from the token's catalog. The client calls it on every request, so a cached token
 * is reused and a token near its expiry is renewed without anything above the client knowing.
 * It holds its secrets privately: `JSON.stringify` and `util.inspect` of it show none.
 */
export interface CredentialsProvider {
    readonly kind: "credentials-provider";
    /** Identifies the identity and scope (a hash), for cache keys; never a secret. */
    readonly cacheKey: string;
    /** Headers that authenticate one request (a fresh token or a signature). */
    authenticate(request: RequestToAuthenticate, signal?: AbortSignal): Promise<Record<string, string>>;
    /** The project id, from configuration, the token, or `GET /v3/projects?name=`. */
    projectId(signal?: AbortSignal): Promise<string>;
    /** The endpoint to use instead of `endpoint`, when it was a region default and the token's catalog knows better. */
    serviceEndpoint(endpoint: string, signal?: AbortSignal): Promise<string>;
    /** A request was answered 401: drop cached tokens so the next request fetches a new one. */
    rejected(): void;
}

export type OtcCredentials = AkSkCredentials | TokenCredentials | CredentialsProvider;

export function isCredentialsProvider(credentials: OtcCredentials): credentials is CredentialsProvider {
    return "kind" in credentials && credentials.kind === "credentials-provider";
}

export function isTokenCredentials(credentials: OtcCredentials): credentials is TokenCredentials {
    return "token" in credentials && !isCredentialsProvider(credentials);
}

/** The headers that authenticate one request: a signature for AK/SK, the token, or what the provider says. */
export async function authenticateRequest(
    request: RequestToAuthenticate,
    credentials: OtcCredentials,
    signal?: AbortSignal,
): Promise<Record<string, string>> {
    if (isCredentialsProvider(credentials)) return credentials.authenticate(request, signal);
    return authenticate(request, credentials);
}

/** Synchronous form for static credentials (AK/SK or a token). */
export function authenticate(request: RequestToAuthenticate, credentials: AkSkCredentials | TokenCredentials): Record<string, string> {
    if ("token" in credentials) return { ...request.headers, "X-Auth-Token": credentials.token };
    return signRequest(request, credentials);
}

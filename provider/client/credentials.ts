import { type AkSkCredentials, signRequest } from "./sign-request";

export type { AkSkCredentials } from "./sign-request";

/** An IAM token, sent as `X-Auth-Token` (valid 24 h). */
export interface TokenCredentials {
    token: string;
}

export type OtcCredentials = AkSkCredentials | TokenCredentials;

export function isTokenCredentials(credentials: OtcCredentials): credentials is TokenCredentials {
    return "token" in credentials;
}

/** The headers that authenticate one request: a signature for AK/SK, the token otherwise. */
export function authenticate(
    request: { method: string; url: string; headers: Record<string, string>; body?: string | undefined },
    credentials: OtcCredentials,
): Record<string, string> {
    if (isTokenCredentials(credentials)) return { ...request.headers, "X-Auth-Token": credentials.token };
    return signRequest(request, credentials);
}

/** A description that is safe to print: never the secret, the token or the full access key. */
export function describeCredentials(credentials: OtcCredentials): string {
    if (isTokenCredentials(credentials)) return "an IAM token";
    const ak = credentials.accessKey;
    return `access key ${ak.length > 8 ? `${ak.slice(0, 4)}…${ak.slice(-2)}` : "…"}${credentials.securityToken ? " (temporary)" : ""}`;
}

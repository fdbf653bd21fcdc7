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

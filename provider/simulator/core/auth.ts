import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { computeSignature, parseSdkDate, SIGNING_ALGORITHM } from "../../client/sign-request";
import { forbidden, unauthorized } from "./api-error";
import type { TokenCheck } from "../iam/service";

/** How far `X-Sdk-Date` may be from the simulator's clock, either way. */
export const MAX_SDK_DATE_SKEW_MS = 15 * 60_000;

export interface AuthConfig {
    credentials: readonly { accessKey: string; secretKey: string }[];
    tokens: readonly string[];
    /** Tokens the simulator's IAM issued: valid until they expire, for their own project only. */
    issued?: { checkToken(token: string, projectId: string, nowMs: number): TokenCheck };
}

export interface RequestToAuthenticate {
    method: string;
    url: URL;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

const AUTHORIZATION_PATTERN = new RegExp(
    `^${SIGNING_ALGORITHM} Access=([^,\\s]+), ?SignedHeaders=([^,\\s]+), ?Signature=([0-9a-fA-F]+)$`,
);

/**
 * Accepts a known `X-Auth-Token`, else an `SDK-HMAC-SHA256` signature by a known access key; throws the
 * gateway's 401 otherwise. The messages never contain the credentials that were sent.
 */
export function authenticate(request: RequestToAuthenticate, config: AuthConfig, nowMs: number, projectId = ""): void {
    const token = headerValue(request.headers, "x-auth-token");
    if (token !== undefined && config.tokens.some((accepted) => constantTimeEquals(accepted, token))) return;
    if (token !== undefined && config.issued) {
        const check = config.issued.checkToken(token, projectId, nowMs);
        if (check === "valid") return;
        // OTC's wording for an expired token.
        if (check === "expired") throw unauthorized("The token must be updated (it has expired)");
        if (check === "wrong-project") throw forbidden("the token is scoped to another project");
    }

    const authorization = headerValue(request.headers, "authorization");
    if (authorization === undefined) {
        throw unauthorized(token === undefined ? "no token or AK/SK signature in the request" : "token is invalid");
    }
    const parsed = AUTHORIZATION_PATTERN.exec(authorization.trim());
    if (!parsed) throw unauthorized("verify aksk signature fail");
    const [, accessKey = "", signedHeaderList = "", signature = ""] = parsed;

    const date = headerValue(request.headers, "x-sdk-date");
    const signedAt = date === undefined ? undefined : parseSdkDate(date);
    if (date === undefined || signedAt === undefined) throw unauthorized("x-sdk-date is missing or malformed");
    if (Math.abs(nowMs - signedAt.getTime()) > MAX_SDK_DATE_SKEW_MS) {
        throw unauthorized("the request has expired: x-sdk-date is more than 15 minutes from the server time");
    }

    const credential = config.credentials.find((c) => constantTimeEquals(c.accessKey, accessKey));
    if (!credential) throw unauthorized("verify aksk signature fail");

    const signed: Record<string, string> = {};
    for (const name of signedHeaderList.split(";")) {
        const value = headerValue(request.headers, name.toLowerCase());
        if (value === undefined) throw unauthorized("verify aksk signature fail");
        signed[name.toLowerCase()] = value.trim();
    }
    const expected = computeSignature(request.method, request.url, signed, request.body, date, credential.secretKey);
    if (!constantTimeEquals(expected.signature, signature.toLowerCase())) throw unauthorized("verify aksk signature fail");
}

function headerValue(headers: IncomingHttpHeaders, lowerName: string): string | undefined {
    const value = headers[lowerName];
    return Array.isArray(value) ? value.join(", ") : value;
}

// Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
function constantTimeEquals(a: string, b: string): boolean {
    const digest = (s: string) => createHash("sha256").update(s).digest();
    return timingSafeEqual(digest(a), digest(b));
}

import { createHash, createHmac } from "node:crypto";

/** AK/SK credentials of an OTC IAM user or agency. */
export interface AkSkCredentials {
    accessKey: string;
    secretKey: string;
    /** Only for temporary credentials (sent as `X-Security-Token`, and signed). */
    securityToken?: string;
}

export interface RequestToSign {
    method: string;
    /** Absolute URL including the query string. */
    url: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array;
}

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Signs a request the way the official Huawei Cloud SDKs do ("SDK-HMAC-SHA256", API gateway variant).
 *
 * Returns the headers to send: every header passed, plus `X-Sdk-Date` (when absent) and `Authorization`.
 * `host` (from the URL unless passed) and every passed header are signed.
 */
export function signRequest(request: RequestToSign, credentials: AkSkCredentials): Record<string, string> {
    const url = new URL(request.url);
    const out: Record<string, string> = { ...(request.headers ?? {}) };
    if (credentials.securityToken && findHeader(out, "x-security-token") === undefined) {
        out["X-Security-Token"] = credentials.securityToken;
    }
    let date = findHeader(out, "x-sdk-date");
    if (date === undefined) {
        date = formatSdkDate(new Date());
        out["X-Sdk-Date"] = date;
    }
    const signed: Record<string, string> = {};
    for (const [name, value] of Object.entries(out)) signed[name.toLowerCase()] = value.trim();
    signed["host"] ??= url.host;

    const { signature, signedHeaders } = computeSignature(request.method, url, signed, request.body, date, credentials.secretKey);
    out["Authorization"] =
        `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return out;
}

/**
 * The signature over exactly the given headers (lower-case names, trimmed values). Exported for tests that
 * reproduce published vectors which sign a different header set than {@link signRequest} does.
 */
export function computeSignature(
    method: string,
    url: URL,
    signed: Record<string, string>,
    body: string | Uint8Array | undefined,
    date: string,
    secretKey: string,
): { signature: string; signedHeaders: string } {
    const names = Object.keys(signed).sort(compareCodeUnits);
    const signedHeaders = names.join(";");
    const canonicalRequest = [
        method.toUpperCase(),
        canonicalUri(url.pathname),
        canonicalQuery(url.searchParams),
        names.map((n) => `${n}:${signed[n]}\n`).join(""),
        signedHeaders,
        signed["x-sdk-content-sha256"] ?? payloadHash(body),
    ].join("\n");
    const stringToSign = [SIGNING_ALGORITHM, date, sha256Hex(canonicalRequest)].join("\n");
    return { signature: createHmac("sha256", secretKey).update(stringToSign).digest("hex"), signedHeaders };
}

/** `YYYYMMDDTHHMMSSZ` in UTC, as `X-Sdk-Date` wants it. */
export function formatSdkDate(date: Date): string {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Parses an `X-Sdk-Date` value; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!m) return undefined;
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

export function sha256Hex(data: string | Uint8Array): string {
    return createHash("sha256").update(data).digest("hex");
}

function payloadHash(body: string | Uint8Array | undefined): string {
    if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
    return sha256Hex(body);
}

function findHeader(headers: Record<string, string>, lowerName: string): string | undefined {
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lowerName) return value;
    return undefined;
}

// The gateway canonicalizes the decoded path, so each segment is decoded before it is re-encoded; the
// trailing slash is part of the signed form even when the request path has none.
function canonicalUri(pathname: string): string {
    const encoded = pathname.split("/").map((segment) => encodeRfc3986(safeDecode(segment))).join("/");
    return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

function canonicalQuery(params: URLSearchParams): string {
    const pairs = [...params.entries()];
    pairs.sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
    return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
}

function compareCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

/** Percent-encodes everything but `A-Za-z0-9-_.~`, as UTF-8. */
export function encodeRfc3986(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

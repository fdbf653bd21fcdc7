/**
 * Differential tests: our `signRequest` against the official Node SDK's `AKSKSigner.sign`
 * (`@huaweicloud/huaweicloud-sdk-core`, dev dependency only), on many seeded random requests.
 *
 * How the SDK is fed: like `BaseCredentials.processAuthRequest` does it. The SDK never parses a query
 * string; it signs `request.queryParams` (key -> value | value[]) and takes the path from
 * `url.parse(request.endpoint).pathname`, where `endpoint` is the base URL plus the path with path parameters
 * substituted *unencoded*. It hashes `JSON.stringify(request.data)`. So every generated case is one logical
 * request (decoded path segments, decoded query pairs, headers, a JSON value) rendered twice: raw for the
 * SDK, and as an encoded absolute URL + serialized body for us.
 *
 * Where the Node SDK does not compute what the gateway verifies (it is not the reference the gateway was
 * built from; the Go and Java SDKs are closer), we deliberately differ. The generator stays away from those
 * inputs and each difference has its own small test in "known differences" below.
 *
 * Reproducing a failure: case i uses seed base+i and the message names it; replay just that case with
 * `SIGN_DIFF_SEED=<seed> SIGN_DIFF_CASES=1 npx jest provider/client/sign-request.sdk-diff`.
 */
import { createHash, createHmac } from "node:crypto";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import type { IHttpRequest } from "@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest";
import { signRequest, type AkSkCredentials, type RequestToSign } from "./sign-request";

const BASE_SEED = Number(process.env["SIGN_DIFF_SEED"] ?? 0x5eed_2024);
const CASES = Number(process.env["SIGN_DIFF_CASES"] ?? 2000);
/** Fixed so the SDK and we sign the same instant (the SDK would otherwise read the clock itself). */
const DATE = "20240229T235959Z";

describe("signRequest vs the official Node SDK (AKSKSigner)", () => {
    it("the oracle reproduces published vector A", () => {
        // Wired exactly as in the generated cases, so a mistake in sdkSign() shows up here first.
        const sdk = sdkSign(
            {
                method: "GET",
                endpoint: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                queryParams: { limit: "2", marker: "13551d6b-755d-4757-b956-536f674975c0" },
                headers: { "Content-Type": "application/json", "X-Sdk-Date": "20191115T033655Z" },
                data: "",
            },
            { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" },
        );
        const expected =
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
            "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
        expect(sdk["Authorization"]).toBe(expected);
        const ours = signRequest(
            {
                method: "GET",
                url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                headers: { "Content-Type": "application/json", "X-Sdk-Date": "20191115T033655Z" },
                body: "",
            },
            { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" },
        );
        expect(ours["Authorization"]).toBe(expected);
    });

    it(`agrees with the SDK on ${CASES} generated requests (base seed ${BASE_SEED})`, () => {
        const mismatches: string[] = [];
        const seen = new Coverage();
        for (let i = 0; i < CASES; i++) {
            const seed = (BASE_SEED + i) >>> 0;
            const logical = generateCase(new Rng(seed));
            seen.record(logical);
            const sdkInput = toSdkRequest(logical);
            const ourInput = toOurRequest(logical, new Rng(seed ^ 0x9e3779b9));
            let expected: string | undefined;
            let actual: string | undefined;
            try {
                expected = sdkSign(sdkInput.request, sdkInput.credentials)["Authorization"];
                const out = signRequest(ourInput.request, ourInput.credentials);
                actual = out["Authorization"];
                // Every header passed comes back unchanged; X-Sdk-Date was passed, so nothing else is added.
                const extra = Object.keys(out).filter((k) => !(k in (ourInput.request.headers ?? {})));
                const wanted = logical.securityToken === undefined ? ["Authorization"] : ["Authorization", "X-Security-Token"];
                if (extra.sort().join() !== wanted.sort().join()) actual = `unexpected headers added: ${extra.join()}`;
            } catch (e) {
                actual = `threw ${String(e)}`;
            }
            if (actual !== expected) {
                mismatches.push(
                    `seed ${seed} (case ${i}):\n  ours: ${JSON.stringify(ourInput.request)}\n` +
                        `  sdk:  ${JSON.stringify(sdkInput.request)}\n  expected ${expected}\n  actual   ${actual}`,
                );
            }
        }
        expect({ mismatches: mismatches.length, first: mismatches.slice(0, 3) }).toEqual({ mismatches: 0, first: [] });
        // Guard against a generator that silently stopped producing the interesting inputs.
        if (CASES >= 2000) seen.assertCovered(CASES);
    });
});

describe("known differences from the Node SDK (deliberate: we sign what the gateway verifies)", () => {
    const creds = { accessKey: "AK", secretKey: "SK" };
    const signature = (auth: string | undefined) => /Signature=([0-9a-f]{64})$/.exec(auth ?? "")?.[1];
    const get = (endpoint: string, headers: Record<string, string> = {}): IHttpRequest => ({
        method: "GET",
        endpoint,
        queryParams: {},
        headers: { "X-Sdk-Date": DATE, ...headers },
    });

    // (1) Header values. The gateway, the Go SDK (strings.TrimSpace) and the Java SDK trim them; the Node SDK
    // signs them verbatim. HTTP clients strip surrounding whitespace on the wire anyway.
    it("trims header values (the Node SDK does not)", () => {
        const ours = signRequest({ method: "GET", url: "https://h.example.com/a", headers: { "X-Sdk-Date": DATE, "X-Tag": "  v  " } }, creds);
        expect(ours["X-Tag"]).toBe("  v  "); // sent as given; only the signed form is trimmed
        expect(ours["Authorization"]).toBe(sdkSign(get("https://h.example.com/a", { "X-Tag": "v" }), creds)["Authorization"]);
        expect(ours["Authorization"]).not.toBe(sdkSign(get("https://h.example.com/a", { "X-Tag": "  v  " }), creds)["Authorization"]);
    });

    // (2) Header order. The Node SDK sorts SignedHeaders by code units (lodash sortBy) but the canonical header
    // lines with localeCompare, which collates punctuation before digits ("x-_1" < "x-1"), so for such names it
    // disagrees with itself. The Go SDK (sort.Strings) and we use code units for both.
    it("orders signed and canonical headers by code units (the Node SDK's canonical lines use localeCompare)", () => {
        const headers = { "x-1": "a", "x-_1": "b" };
        const sdkLines = (AKSKSigner as unknown as { buildCanonicalHeaders(h: object): string }).buildCanonicalHeaders(headers);
        expect(sdkLines).toBe("x-_1:b\nx-1:a\n"); // ...while its SignedHeaders says x-1;x-_1

        const ours = signRequest({ method: "GET", url: "https://h.example.com/a", headers: { "X-Sdk-Date": DATE, ...headers } }, creds);
        expect(ours["Authorization"]).toContain("SignedHeaders=host;x-1;x-_1;x-sdk-date,");
        expect(signature(ours["Authorization"])).toBe(
            referenceSignature(creds.secretKey, "GET", "/a/", "", [
                ["host", "h.example.com"],
                ["x-1", "a"],
                ["x-_1", "b"],
                ["x-sdk-date", DATE],
            ], ""),
        );
        expect(ours["Authorization"]).not.toBe(sdkSign(get("https://h.example.com/a", headers), creds)["Authorization"]);
    });

    // (3) Path encoding. The Node SDK percent-encodes url.parse(endpoint).pathname as is: a path that is already
    // percent-encoded gets encoded twice, and so do the characters url.parse auto-escapes itself
    // (space " ' < > \ ^ ` { | }). The gateway decodes the path before canonicalizing, as the Go SDK does, and
    // so do we: our URL is the encoded wire form, each segment is decoded and re-encoded. The generator
    // therefore hands the SDK raw segments without those characters, which it never double-encodes.
    it("decodes path segments before encoding them (the Node SDK double-encodes)", () => {
        const ours = signRequest({ method: "GET", url: "https://h.example.com/v1/caf%C3%A9/x", headers: { "X-Sdk-Date": DATE } }, creds);
        expect(ours["Authorization"]).toBe(sdkSign(get("https://h.example.com/v1/café/x"), creds)["Authorization"]);
        expect(ours["Authorization"]).not.toBe(sdkSign(get("https://h.example.com/v1/caf%C3%A9/x"), creds)["Authorization"]);

        // A space: url.parse turns it into %20, which the SDK then signs as %2520 whichever form it is given.
        const spaced = signRequest({ method: "GET", url: "https://h.example.com/a%20b", headers: { "X-Sdk-Date": DATE } }, creds);
        expect(signature(spaced["Authorization"])).toBe(
            referenceSignature(creds.secretKey, "GET", "/a%20b/", "", [["host", "h.example.com"], ["x-sdk-date", DATE]], ""),
        );
        expect(signature(sdkSign(get("https://h.example.com/a b"), creds)["Authorization"])).toBe(
            referenceSignature(creds.secretKey, "GET", "/a%2520b/", "", [["host", "h.example.com"], ["x-sdk-date", DATE]], ""),
        );
    });

    // (4) Default ports. url.parse keeps ":443" in `host`; the WHATWG URL (and so fetch/undici, and Node's
    // http module for the SDK's own axios requests) drops it from the Host header actually sent. We sign
    // the Host that is sent. The generator only uses non-default ports.
    it("signs the Host without a default port (the Node SDK keeps it)", () => {
        const ours = signRequest({ method: "GET", url: "https://h.example.com:443/a", headers: { "X-Sdk-Date": DATE } }, creds);
        expect(ours["Authorization"]).toBe(sdkSign(get("https://h.example.com/a"), creds)["Authorization"]);
        expect(ours["Authorization"]).not.toBe(sdkSign(get("https://h.example.com:443/a"), creds)["Authorization"]);
    });

    // (5) Dot segments. The WHATWG URL resolves "." and ".." (also "%2e") before we see the path, and that
    // resolved path is what is sent; url.parse keeps them. The generator never produces such segments.
    it("signs the path with dot segments resolved (the Node SDK keeps them)", () => {
        const ours = signRequest({ method: "GET", url: "https://h.example.com/a/./b/%2e%2e/c", headers: { "X-Sdk-Date": DATE } }, creds);
        expect(ours["Authorization"]).toBe(sdkSign(get("https://h.example.com/a/c"), creds)["Authorization"]);
    });

    // (6) Multipart. The Node SDK leaves a lower-case `content-type: multipart/form-data...` out of the
    // signature because axios regenerates the boundary; we sign every header passed, which the gateway accepts
    // as long as it is sent unchanged. Our callers only send JSON; the generator only uses application/json.
    it("signs a multipart Content-Type (the Node SDK drops it)", () => {
        const headers = { "content-type": "multipart/form-data; boundary=x" };
        const ours = signRequest({ method: "GET", url: "https://h.example.com/a", headers: { "X-Sdk-Date": DATE, ...headers } }, creds);
        expect(ours["Authorization"]).toContain("SignedHeaders=content-type;host;x-sdk-date,");
        expect(sdkSign(get("https://h.example.com/a", headers), creds)["Authorization"]).toContain("SignedHeaders=host;x-sdk-date,");
    });

    // Both the Node SDK (buildPayloadHash) and the Go SDK (CanonicalRequest) use the value of
    // X-Sdk-Content-Sha256, when present, as the payload hash instead of hashing the body (processAuthRequest
    // adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` for non-JSON bodies).
    it("uses X-Sdk-Content-Sha256 as the payload hash, like both SDKs", () => {
        const headers = { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" };
        const ours = signRequest(
            { method: "POST", url: "https://h.example.com/a", headers: { "X-Sdk-Date": DATE, ...headers }, body: '{"a":1}' },
            creds,
        );
        const sdk = sdkSign({ ...get("https://h.example.com/a", headers), method: "POST", data: { a: 1 } }, creds);
        expect(ours["Authorization"]).toBe(sdk["Authorization"]);
    });
});

// ---------------------------------------------------------------------------------------------------------
// The logical request and its two renderings.

interface LogicalRequest {
    method: string;
    scheme: "http" | "https";
    /** As written in the URL: possibly upper-case letters, IDN, IPv6, a non-default port. */
    host: string;
    /** Decoded segments; joined with "/" after a leading "/". */
    segments: string[];
    trailingSlash: boolean;
    /** Decoded pairs in request order; `bare` = written as `?k` rather than `?k=` (value is ""). */
    query: Array<{ key: string; value: string; bare: boolean }>;
    /** Extra headers, names in random case, all distinct case-insensitively. */
    headers: Array<[string, string]>;
    /** Sent as an explicit Host header (instead of the URL's host) when set. */
    hostHeader?: string;
    /** A JSON value; undefined = no body. */
    body?: Record<string, unknown>;
    accessKey: string;
    secretKey: string;
    securityToken?: string;
}

/** The SDK's view: raw path in `endpoint`, decoded `queryParams`, `data` as an object. */
function toSdkRequest(c: LogicalRequest): { request: IHttpRequest; credentials: AkSkCredentials } {
    const queryParams: Record<string, string | string[]> = {};
    for (const { key, value } of c.query) {
        const prev = queryParams[key];
        queryParams[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    // The SDK finds these only under these exact spellings.
    const headers: Record<string, string> = { "X-Sdk-Date": DATE, ...Object.fromEntries(c.headers) };
    if (c.hostHeader !== undefined) headers["host"] = c.hostHeader;
    if (c.securityToken !== undefined) headers["X-Security-Token"] = c.securityToken; // as processAuthRequest does
    const request: IHttpRequest = {
        method: c.method,
        endpoint: `${c.scheme}://${c.host}${rawPath(c)}`,
        queryParams,
        headers,
    };
    if (c.body !== undefined) request.data = c.body;
    return { request, credentials: { accessKey: c.accessKey, secretKey: c.secretKey } };
}

/**
 * Our view: an absolute URL in one of several valid encodings (chosen by `rng`, independently of the
 * logical content), the body as the exact string the SDK hashes (or its UTF-8 bytes), and header names in
 * any case.
 */
function toOurRequest(c: LogicalRequest, rng: Rng): { request: RequestToSign; credentials: AkSkCredentials } {
    const path = c.segments.map((s) => encodePathSegment(s, rng)).join("/");
    const query = c.query
        .map(({ key, value, bare }) => {
            const k = encodeQueryComponent(key, rng);
            return bare ? k : `${k}=${encodeQueryComponent(value, rng)}`;
        })
        .join("&");
    const url = `${c.scheme}://${c.host}/${path}${c.trailingSlash ? "/" : ""}${query ? `?${query}` : ""}`;

    const headers: Record<string, string> = { [randomCase("X-Sdk-Date", rng)]: DATE, ...Object.fromEntries(c.headers) };
    if (c.hostHeader !== undefined) headers[rng.pick(["Host", "host", "HOST"])] = c.hostHeader;

    const request: RequestToSign = { method: c.method, url, headers };
    if (c.body !== undefined) {
        const json = JSON.stringify(c.body);
        request.body = rng.chance(0.5) ? json : new TextEncoder().encode(json);
    } else if (rng.chance(0.5)) {
        request.body = rng.chance(0.5) ? "" : new Uint8Array(0);
    }
    const credentials: AkSkCredentials = { accessKey: c.accessKey, secretKey: c.secretKey };
    if (c.securityToken !== undefined) credentials.securityToken = c.securityToken;
    return { request, credentials };
}

function rawPath(c: LogicalRequest): string {
    return `/${c.segments.join("/")}${c.trailingSlash ? "/" : ""}`;
}

// ---------------------------------------------------------------------------------------------------------
// Generator.

const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
/**
 * Characters both sides must percent-encode in a path. Excluded on purpose: "/", "?", "#" (structure), and
 * everything url.parse auto-escapes (space " ' < > \ ^ ` { | }), which the SDK would double-encode (see (3)).
 * "%" is fine: the SDK sees it raw and encodes it once; we get it as %25 and decode it first.
 */
const PATH_SPECIAL = "!$&()*+,;=:@[]%";
const NON_ASCII = ["ä", "é", "ß", "ñ", "Ω", "中", "文", "€", "😀", "🚀", "𝄞"];
/** Query keys and values are never parsed by the SDK, so anything printable goes, including "+" and space. */
const QUERY_SPECIAL = " +&=#%?/!$'()*,;:@[]\"<>\\^`{|}";
/** Header values: printable ASCII; spaces only inside (see (1)). */
const HEADER_VALUE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const HOSTS = [
    "service.region.example.com",
    "rds.eu-de.otc.t-systems.com",
    "GaussDB-MySQL.eu-de.OTC.t-systems.com",
    "127.0.0.1",
    "localhost",
    "[::1]",
    "bücher.example",
];
/** Upper case only: the SDK signs `method` as given, we upper-case it (callers pass upper case). */
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];

function generateCase(rng: Rng): LogicalRequest {
    const pathChars = [...chars(UNRESERVED), ...chars(PATH_SPECIAL), ...NON_ASCII];
    const queryChars = [...chars(UNRESERVED), ...chars(QUERY_SPECIAL), ...NON_ASCII];

    const segments: string[] = [];
    for (let n = rng.int(1, 6); segments.length < n; ) {
        const s = rng.chance(0.05) ? "" : rng.string(pathChars, 1, 8);
        if (s !== "." && s !== "..") segments.push(s); // see (5)
    }

    const query: LogicalRequest["query"] = [];
    for (let n = rng.int(0, 5); query.length < n; ) {
        const repeat = query.length > 0 && rng.chance(0.25);
        const key = repeat ? rng.pick(query).key : rng.string(queryChars, 1, 6);
        const value = rng.chance(0.15) ? "" : rng.string(queryChars, 1, 8);
        query.push({ key, value, bare: value === "" && rng.chance(0.5) });
    }

    const headers: Array<[string, string]> = [];
    const names = new Set<string>();
    for (let n = rng.int(0, 4); headers.length < n; ) {
        // "x-" + letters/digits only: punctuation collates differently in the SDK (see (2)).
        const name = randomCase(`x-${rng.string(chars("abcdefghijklmnopqrstuvwxyz0123456789"), 1, 10)}`, rng);
        if (names.has(name.toLowerCase())) continue;
        names.add(name.toLowerCase());
        headers.push([name, rng.chance(0.1) ? "" : rng.string(HEADER_VALUE, 1, 24).trim()]); // see (1)
    }
    if (rng.chance(0.4)) headers.push([randomCase("X-Project-Id", rng), rng.string(chars("0123456789abcdef"), 32, 32)]);
    if (rng.chance(0.5)) headers.push([rng.pick(["Content-Type", "content-type"]), "application/json"]); // see (6)

    const port = rng.chance(0.4) ? `:${rng.pick([8080, 8443, 9999, 1, 65535, rng.int(1024, 65535)])}` : ""; // see (4)
    const host = rng.pick(HOSTS) + port;
    const method = rng.pick(METHODS);
    const c: LogicalRequest = {
        method,
        scheme: rng.pick(["http", "https"] as const),
        host,
        segments,
        trailingSlash: rng.chance(0.2),
        query,
        headers,
        accessKey: rng.string(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), 20, 20),
        secretKey: rng.string(chars(`${UNRESERVED}/+`), 1, 40),
    };
    if (rng.chance(0.15)) c.hostHeader = rng.pick(["service.region.example.com", `proxy.example.com:${rng.int(1, 65535)}`]);
    if (method !== "GET" || rng.chance(0.1)) {
        if (rng.chance(0.85)) c.body = randomObject(rng, 0);
    }
    if (rng.chance(0.2)) c.securityToken = rng.string(chars(`${UNRESERVED}+/=`), 16, 64);
    return c;
}

/** A JSON object whose serialization exercises escapes (quotes, backslashes, control chars) and UTF-8. */
function randomObject(rng: Rng, depth: number): Record<string, unknown> {
    const text = [...chars(UNRESERVED), ...chars(QUERY_SPECIAL), ...NON_ASCII, "\n", "\t", "\u0001"];
    const obj: Record<string, unknown> = {};
    for (let n = rng.int(0, 4), i = 0; i < n; i++) {
        const key = rng.string(text, 1, 6);
        const kind = rng.int(0, depth < 2 ? 5 : 3);
        obj[key] =
            kind === 0 ? rng.string(text, 0, 12)
            : kind === 1 ? rng.int(-1e6, 1e6) / (rng.chance(0.5) ? 1 : 7)
            : kind === 2 ? rng.chance(0.5)
            : kind === 3 ? null
            : kind === 4 ? [rng.string(text, 0, 4), rng.int(0, 9)]
            : randomObject(rng, depth + 1);
    }
    return obj;
}

/** One of the encodings a caller could use for a path segment; all decode back to the same segment. */
function encodePathSegment(segment: string, rng: Rng): string {
    switch (rng.int(0, 2)) {
        case 0:
            return encodeURIComponent(segment); // leaves !'()* raw
        case 1:
            return encodeURIComponent(segment).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toLowerCase()}`);
        default:
            // Raw: the WHATWG URL parser encodes what it must. Not with "%", which it would take as an escape.
            return segment.includes("%") ? encodeURIComponent(segment) : segment;
    }
}

/** One of the encodings a caller could use for a query key or value; URLSearchParams decodes all of them. */
function encodeQueryComponent(text: string, rng: Rng): string {
    switch (rng.int(0, 2)) {
        case 0:
            return encodeURIComponent(text); // space as %20
        case 1:
            return new URLSearchParams([["", text]]).toString().slice(1); // form style: space as +
        default:
            // Minimal: only what would change the meaning; the URL parser encodes the rest (non-ASCII as UTF-8).
            return text.replace(/[%&=+#]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/ /g, "+");
    }
}

function randomCase(text: string, rng: Rng): string {
    return chars(text)
        .map((ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase()))
        .join("");
}

/** Splits into code points, so surrogate pairs (emoji) stay whole. */
function chars(text: string): string[] {
    return Array.from(text);
}

/** Counts what the generator produced, so a regression in it cannot make the differential test vacuous. */
class Coverage {
    private counts = new Map<string, number>();
    record(c: LogicalRequest): void {
        const hit = (what: string, yes: boolean) => yes && this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
        const path = c.segments.join("/");
        const keys = c.query.map((q) => q.key);
        hit("non-ASCII path", /[^\x00-\x7f]/.test(path));
        hit("emoji path", /[\u{1F600}-\u{1F680}]/u.test(path));
        hit("% in path", path.includes("%"));
        hit("sub-delims in path", /[!$&()*+,;=:@]/.test(path));
        hit("port", /:\d+$/.test(c.host));
        hit("repeated query key", new Set(keys).size < keys.length);
        hit("space in query", c.query.some((q) => `${q.key}${q.value}`.includes(" ")));
        hit("+ in query", c.query.some((q) => `${q.key}${q.value}`.includes("+")));
        hit("empty query value", c.query.some((q) => q.value === ""));
        hit("extra headers", c.headers.length >= 3);
        hit("body", c.body !== undefined);
        hit("security token", c.securityToken !== undefined);
        hit("host header", c.hostHeader !== undefined);
        for (const m of METHODS) hit(m, c.method === m);
    }
    assertCovered(cases: number): void {
        const missing = [...this.counts.entries()].filter(([, n]) => n < cases / 100).map(([k]) => k);
        expect({ missing, kinds: this.counts.size }).toEqual({ missing: [], kinds: 18 });
    }
}

// ---------------------------------------------------------------------------------------------------------
// Oracles.

function sdkSign(request: IHttpRequest, credentials: AkSkCredentials): Record<string, string> {
    const sdkCredentials = new BasicCredentials().withAk(credentials.accessKey).withSk(credentials.secretKey);
    return AKSKSigner.sign(request, sdkCredentials) as Record<string, string>;
}

/**
 * The signature from the documented steps (otc-api.md, Authentication), with the canonical URI, query and
 * header lines given explicitly; independent of both implementations.
 */
function referenceSignature(
    secretKey: string,
    method: string,
    canonicalUri: string,
    canonicalQuery: string,
    headers: Array<[string, string]>,
    body: string,
): string {
    const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
    const canonical = [
        method,
        canonicalUri,
        canonicalQuery,
        headers.map(([k, v]) => `${k}:${v}\n`).join(""),
        headers.map(([k]) => k).join(";"),
        sha256(body),
    ].join("\n");
    return createHmac("sha256", secretKey).update(["SDK-HMAC-SHA256", DATE, sha256(canonical)].join("\n")).digest("hex");
}

/** mulberry32: tiny, seedable, good enough to generate test inputs. */
class Rng {
    private state: number;
    constructor(seed: number) {
        this.state = seed >>> 0;
    }
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Integer in [lo, hi]. */
    int(lo: number, hi: number): number {
        return lo + Math.floor(this.next() * (hi - lo + 1));
    }
    chance(p: number): boolean {
        return this.next() < p;
    }
    pick<T>(items: readonly T[]): T {
        const item = items[this.int(0, items.length - 1)];
        if (item === undefined) throw new Error("pick from an empty list");
        return item;
    }
    string(alphabet: readonly string[], min: number, max: number): string {
        let s = "";
        for (let n = this.int(min, max), i = 0; i < n; i++) s += this.pick(alphabet);
        return s;
    }
}

import { createHash } from "node:crypto";
import { computeSignature, formatSdkDate, parseSdkDate, signRequest } from "./sign-request";

const signatureOf = (authorization: string | undefined) => /Signature=([0-9a-f]{64})$/.exec(authorization ?? "")?.[1];

describe("signRequest", () => {
    it("reproduces published vector A (official Node SDK)", () => {
        const headers = signRequest(
            {
                method: "GET",
                url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                headers: {
                    "Content-Type": "application/json",
                    Host: "service.region.example.com",
                    "X-Sdk-Date": "20191115T033655Z",
                },
                body: "",
            },
            { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" },
        );
        expect(headers["Authorization"]).toBe(
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
                "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
        );
        // The published hash of the canonical request, rebuilt from the documented steps.
        const canonical = [
            "GET",
            "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
            "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n",
            "content-type;host;x-sdk-date",
            createHash("sha256").update("").digest("hex"),
        ].join("\n");
        expect(createHash("sha256").update(canonical).digest("hex")).toBe(
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
        );
    });

    it("reproduces published vector B (only x-sdk-date and host signed)", () => {
        const headers = signRequest(
            { method: "GET", url: "https://example.huaweicloud.com/path?limit=1", headers: { "X-Sdk-Date": "20060102T150405Z" } },
            { accessKey: "AccessKey", secretKey: "SecretKey" },
        );
        // signRequest always signs host as well, so the published signature is reproduced on B's own header set.
        expect(headers["Authorization"]).toMatch(/^SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
        const onlyDate = computeSignature(
            "GET",
            new URL("https://example.huaweicloud.com/path?limit=1"),
            { "x-sdk-date": "20060102T150405Z" },
            undefined,
            "20060102T150405Z",
            "SecretKey",
        );
        expect(onlyDate).toEqual({
            signature: "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
            signedHeaders: "x-sdk-date",
        });
    });

    it("adds X-Sdk-Date when absent and keeps every header passed", () => {
        const before = Date.now();
        const headers = signRequest(
            { method: "POST", url: "http://127.0.0.1:8080/v3/p/instances", headers: { "X-Project-Id": "p" }, body: "{}" },
            { accessKey: "ak", secretKey: "sk" },
        );
        const date = parseSdkDate(headers["X-Sdk-Date"] ?? "");
        expect(date).toBeDefined();
        expect(Math.abs(date!.getTime() - before)).toBeLessThan(5_000);
        expect(headers["X-Project-Id"]).toBe("p");
        expect(headers["Authorization"]).toContain("SignedHeaders=host;x-project-id;x-sdk-date,");
        expect(signatureOf(headers["Authorization"])).toHaveLength(64);
    });

    it("signs X-Security-Token for temporary credentials", () => {
        const headers = signRequest(
            { method: "GET", url: "https://h/v3/p/jobs?id=1", headers: { "X-Sdk-Date": "20240101T000000Z" } },
            { accessKey: "ak", secretKey: "sk", securityToken: "tok" },
        );
        expect(headers["X-Security-Token"]).toBe("tok");
        expect(headers["Authorization"]).toContain("SignedHeaders=host;x-sdk-date;x-security-token,");
    });

    it("changes the signature when the body, query or a header changes", () => {
        const base: { method: string; url: string; headers: Record<string, string>; body: string } = {
            method: "POST",
            url: "https://h/v3/p/instances?a=1",
            headers: { "X-Sdk-Date": "20240101T000000Z" },
            body: "{}",
        };
        const creds = { accessKey: "ak", secretKey: "sk" };
        const sig = (r: typeof base) => signatureOf(signRequest(r, creds)["Authorization"]);
        const original = sig(base);
        expect(sig({ ...base, body: '{"a":1}' })).not.toBe(original);
        expect(sig({ ...base, url: "https://h/v3/p/instances?a=2" })).not.toBe(original);
        expect(sig({ ...base, headers: { ...base.headers, "X-Project-Id": "p" } })).not.toBe(original);
        expect(sig(base)).toBe(original);
    });

    it("formats and parses X-Sdk-Date", () => {
        const d = new Date(Date.UTC(2006, 0, 2, 15, 4, 5));
        expect(formatSdkDate(d)).toBe("20060102T150405Z");
        expect(parseSdkDate("20060102T150405Z")?.getTime()).toBe(d.getTime());
        expect(parseSdkDate("2006-01-02")).toBeUndefined();
    });
});


import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ClientBuilder } from "@huaweicloud/huaweicloud-sdk-core/ClientBuilder";
import type { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { Logger4jInstance } from "@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger";
import { REPO_ROOT } from "./pulumi-cli";

// sdk-core logs every error answer to stdout at ERROR, with the whole request (signature included); the tests
// provoke error answers on purpose and read them from the thrown exception instead.
Logger4jInstance.level = "off";

/** A JSON type as the fixtures write it (see test/fixtures/otc-api/README.md). */
export type TypeSpec = string | TypeSpec[] | { [field: string]: TypeSpec };

export interface OperationContract {
    page: string;
    method: string;
    path: string;
    status: number;
    required: string[];
    responseHeaders?: string[];
    response: { [field: string]: TypeSpec };
}

export interface ServiceContract {
    service: string;
    source: string;
    error?: { page: string; body: { [field: string]: TypeSpec } };
    operations: Record<string, OperationContract>;
}

/** test/fixtures/otc-api/<name>.json: what OTC's API reference documents, transcribed. */
export function loadContract(name: string): ServiceContract {
    return JSON.parse(readFileSync(join(REPO_ROOT, "test", "fixtures", "otc-api", `${name}.json`), "utf8")) as ServiceContract;
}

/**
 * Where `value` differs from the documented types: a documented field that is present (not null) with another
 * JSON type. Fields the page does not document are not judged here.
 */
export function typeMismatches(value: unknown, spec: TypeSpec, at = "$"): string[] {
    if (value === null || value === undefined) return [];
    if (Array.isArray(spec)) {
        if (!Array.isArray(value)) return [`${at}: documented as an array, got ${jsonType(value)}`];
        return value.flatMap((item, i) => typeMismatches(item, spec[0] ?? "object", `${at}[${i}]`));
    }
    if (typeof spec === "object") {
        if (jsonType(value) !== "object") return [`${at}: documented as an object, got ${jsonType(value)}`];
        const record = value as Record<string, unknown>;
        return Object.entries(spec).flatMap(([field, fieldSpec]) => typeMismatches(record[field], fieldSpec, `${at}.${field}`));
    }
    const actual = jsonType(value);
    const matches = spec === "integer" ? actual === "number" && Number.isInteger(value) : actual === spec;
    return matches ? [] : [`${at}: documented as ${spec}, got ${actual} ${JSON.stringify(value)}`];
}

/** The dotted paths of `required` that `value` lacks (through arrays: every element, and no empty array). */
export function missingFields(value: unknown, required: readonly string[]): string[] {
    return required.filter((path) => !present(value, path.split(".")));
}

function present(value: unknown, path: string[]): boolean {
    if (Array.isArray(value)) return value.length > 0 && value.every((item) => present(item, path));
    if (path.length === 0) return value !== undefined && value !== null;
    if (jsonType(value) !== "object") return false;
    const [head = "", ...rest] = path;
    return present((value as Record<string, unknown>)[head], rest);
}

function jsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

/** What the official SDK's client answered: the status, the parsed body (its own field added removed). */
export interface SdkAnswer {
    status: number;
    body: Record<string, unknown>;
    headers: Record<string, string>;
}

/** The error the official SDK raised for a non-2xx answer, as it parsed it. */
export interface SdkError {
    httpStatusCode: number;
    errorCode?: string;
    errorMsg?: string;
    requestId?: string;
}

/**
 * The official Huawei Cloud Node SDK's client (sdk-core's ClientBuilder/HcClient: AK/SK signing, project id from the
 * credentials, axios), pointed at a base URL as a user points it at an OTC endpoint.
 */
export class OfficialClient {
    private readonly client: HcClient;

    constructor(endpoint: string, credentials: { accessKey: string; secretKey: string }, projectId: string) {
        const credential = new BasicCredentials().withAk(credentials.accessKey).withSk(credentials.secretKey).withProjectId(projectId);
        this.client = new ClientBuilder<HcClient>((hc) => hc).withCredential(credential).withEndpoint(endpoint).build();
    }

    /** Sends `path` (`/v3/{project_id}/...`) as the generated service clients do; rejects with {@link SdkError}. */
    async send(
        method: string,
        path: string,
        options: { query?: Record<string, string | number>; body?: unknown; pathParams?: Record<string, string>; responseHeaders?: string[] } = {},
    ): Promise<SdkAnswer> {
        const answer = (await this.client.sendRequest({
            method,
            url: path,
            pathParams: options.pathParams ?? {},
            queryParams: options.query ?? {},
            headers: {},
            data: options.body ?? {},
            contentType: "application/json",
            ...(options.responseHeaders ? { responseHeaders: options.responseHeaders } : {}),
        })) as Record<string, unknown> & { httpStatusCode: number };
        const { httpStatusCode, ...body } = answer;
        const headers: Record<string, string> = {};
        for (const name of options.responseHeaders ?? []) {
            const value = body[name] ?? body[name.toLowerCase()];
            if (typeof value === "string") headers[name] = value;
            delete body[name];
        }
        return { status: httpStatusCode, body, headers };
    }

    /** The SDK's error for a request that must fail. */
    async sendFailing(method: string, path: string, options: Parameters<OfficialClient["send"]>[2] = {}): Promise<SdkError> {
        try {
            const answer = await this.send(method, path, options);
            throw new Error(`${method} ${path} answered ${answer.status}, expected an error`);
        } catch (error) {
            if (typeof (error as SdkError).httpStatusCode !== "number") throw error;
            return error as SdkError;
        }
    }
}

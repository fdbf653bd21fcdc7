import { formatSdkDate, signRequest } from "../../client/sign-request";
import { SIMULATOR_PROJECT_ID, SIMULATOR_TOKEN } from "./defaults";

/**
 * A minimal HTTP client for the simulator's own tests (and for anyone who wants to poke at it): no retries,
 * no parsing beyond JSON, so tests see exactly what the simulator sent.
 */

export type ClientAuth =
    | { token: string }
    | { credentials: { accessKey: string; secretKey: string }; now?: () => number }
    | { none: true };

export interface SimulatorResponse<T> {
    status: number;
    headers: Headers;
    text: string;
    /** Parsed body; `undefined` when the body is not JSON. Typed by the caller, not checked. */
    json: T;
}

export interface ErrorBody {
    error_code: string;
    error_msg: string;
    request_id?: string;
}

export interface WireInstance {
    id: string;
    name: string;
    status: string;
    type: string;
    datastore: { type: string; version: string };
    ha: { mode: string; consistency: string; replication_mode: string };
    flavor_ref: string;
    volume: { type: string; size: number };
    region: string;
    availability_zone: string;
    vpc_id: string;
    subnet_id: string;
    security_group_id: string;
    port: string;
    private_ips: string[];
    public_ips: string[];
    created: string;
    updated: string;
}

export interface WireJob {
    id: string;
    name: string;
    status: string;
    created: string;
    ended?: string;
    progress: string;
    instance: { id: string; name: string };
    fail_reason: string | null;
}

export interface WireTask {
    instance_info: { instance_id: string; instance_name: string; instance_status: string };
    job_id: string;
    name: string;
    status: string;
    process: string | null;
    fail_reason: string | null;
    created_at: string;
    ended_at: string | null;
}

export class SimulatorTestClient {
    constructor(
        readonly baseUrl: string,
        readonly auth: ClientAuth = { token: SIMULATOR_TOKEN },
        readonly projectId: string = SIMULATOR_PROJECT_ID,
    ) {}

    /** Same server, other credentials or project. */
    with(change: { auth?: ClientAuth; projectId?: string }): SimulatorTestClient {
        return new SimulatorTestClient(this.baseUrl, change.auth ?? this.auth, change.projectId ?? this.projectId);
    }

    /** A request under `/v3/{projectId}`, e.g. `call("GET", "/jobs?id=...")`. */
    call<T>(method: string, projectPath: string, body?: unknown): Promise<SimulatorResponse<T>> {
        return this.request<T>(method, `/v3/${this.projectId}${projectPath}`, body);
    }

    async request<T>(
        method: string,
        path: string,
        body?: unknown,
        extraHeaders: Record<string, string> = {},
    ): Promise<SimulatorResponse<T>> {
        const url = `${this.baseUrl}${path}`;
        const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        let headers: Record<string, string> = { ...extraHeaders };
        if (payload !== undefined) headers["Content-Type"] = "application/json";
        if ("token" in this.auth) headers["X-Auth-Token"] = this.auth.token;
        if ("credentials" in this.auth) {
            const now = this.auth.now ?? Date.now;
            headers["X-Sdk-Date"] ??= formatSdkDate(new Date(now()));
            headers = signRequest({ method, url, headers, body: payload }, this.auth.credentials);
        }
        const response = await fetch(url, { method, headers, body: payload });
        const text = await response.text();
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        return { status: response.status, headers: response.headers, text, json: json as T };
    }

    createInstance(overrides: Record<string, unknown> = {}) {
        return this.call<{ instance: WireInstance; job_id: string }>("POST", "/instances", validCreateBody(overrides));
    }

    listInstances(query = "") {
        return this.call<{ instances: WireInstance[]; total_count: number }>("GET", `/instances${query}`);
    }

    getJob(jobId: string) {
        return this.call<{ job: WireJob }>("GET", `/jobs?id=${encodeURIComponent(jobId)}`);
    }

    listTasks(query = "") {
        return this.call<{ tasks: WireTask[]; total_count: number }>("GET", `/tasks${query}`);
    }
}

/** A create body OTC would accept, with overrides (a value of `undefined` removes the field). */
export function validCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
        name: "gauss-demo",
        datastore: { type: "GaussDB", version: "3.208" },
        ha: { mode: "centralization_standard", consistency: "strong", replication_mode: "sync" },
        password: "Str0ng!Passw0rd",
        flavor_ref: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
        volume: { type: "ULTRAHIGH", size: 40 },
        region: "eu-de",
        availability_zone: "eu-de-01,eu-de-02,eu-de-03",
        vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnet_id: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        security_group_id: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
        ...overrides,
    };
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
    return body;
}

/** A clock for tests: starts at a fixed instant and moves only when told. */
export class TestClock {
    constructor(public ms: number = Date.UTC(2024, 5, 1, 12, 0, 0)) {}
    readonly now = (): number => this.ms;
    advance(ms: number): void {
        this.ms += ms;
    }
}

/** A TaurusDB create body the simulator accepts; `undefined` in `overrides` removes a field. */
export function validTaurusDbCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
        region: "eu-de",
        name: "taurus-demo",
        datastore: { type: "gaussdb-mysql", version: "8.0" },
        mode: "Cluster",
        flavor_ref: "gaussdb.mysql.xlarge.x86.4",
        vpc_id: "3cedfc54-b105-4652-a4e0-847b11576b58",
        subnet_id: "c1cfa53c-65d3-431e-8552-326bf310c7ad",
        security_group_id: "fc577a1a-f202-424a-977f-24faec3fdd55",
        password: "Str0ng!Passw0rd",
        availability_zone_mode: "single",
        slave_count: 1,
        ...overrides,
    };
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
    return body;
}

/** An RDS (MySQL) create body the simulator accepts; `undefined` in `overrides` removes a field. */
export function validRdsCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
        name: "orders-mysql",
        datastore: { type: "MySQL", version: "8.0" },
        flavor_ref: "rds.mysql.n1.large.2",
        volume: { type: "CLOUDSSD", size: 40 },
        region: "eu-de",
        availability_zone: "eu-de-01",
        vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnet_id: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        security_group_id: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
        password: "Str0ng!Passw0rd",
        ...overrides,
    };
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
    return body;
}

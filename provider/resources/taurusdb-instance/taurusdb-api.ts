import { z } from "zod";
import { isInstanceGone } from "../../client/otc-api-error";
import type { OtcClient } from "../../client/otc-client";
import { requestJob } from "../../client/request-job";

// The TaurusDB (GaussDB for MySQL) instance API (`/v3/{project_id}/instances…` on `gaussdb-mysql.<region>…`):
// minimal schemas for the fields this package reads, lenient to everything else, and one function per call.

const nodeSchema = z.object({
    id: z.string(),
    name: z.string().nullish(),
    type: z.string().nullish(),
    status: z.string().nullish(),
    flavor_ref: z.string().nullish(),
    az_code: z.string().nullish(),
    private_read_ips: z.array(z.string()).nullish(),
});
export type TaurusDbNodeApi = z.infer<typeof nodeSchema>;

/** The detail of `GET /v3/{project_id}/instances/{id}`: nodes carry the flavor; `port` may be a number or a string. */
export const taurusDbInstanceSchema = z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    datastore: z.object({ type: z.string().nullish(), version: z.string().nullish() }).nullish(),
    region: z.string().nullish(),
    vpc_id: z.string().nullish(),
    subnet_id: z.string().nullish(),
    security_group_id: z.string().nullish(),
    az_mode: z.string().nullish(),
    master_az_code: z.string().nullish(),
    port: z.union([z.string(), z.number()]).nullish(),
    private_write_ips: z.array(z.string()).nullish(),
    nodes: z.array(nodeSchema).nullish(),
    created: z.string().nullish(),
    updated: z.string().nullish(),
});
export type TaurusDbInstanceApi = z.infer<typeof taurusDbInstanceSchema>;

const detailSchema = z.object({ instance: taurusDbInstanceSchema });
const listSchema = z.object({ instances: z.array(z.object({ id: z.string(), name: z.string() }).passthrough()), total_count: z.number().int() });
const createSchema = z.object({ instance: z.object({ id: z.string() }).passthrough(), job_id: z.string() });
/** `job_id` is documented as returned "only when a pay-per-use read replica is created". */
const enlargeSchema = z.object({ job_id: z.string().nullish(), node_names: z.array(z.string()).nullish() });
const emptySchema = z.object({}).passthrough();

/** The create request body ("Creating a DB Instance"). */
export interface CreateTaurusDbInstanceBody {
    region: string;
    name: string;
    datastore: { type: "gaussdb-mysql"; version: string };
    mode: "Cluster";
    flavor_ref: string;
    vpc_id: string;
    subnet_id: string;
    security_group_id?: string;
    password: string;
    availability_zone_mode: "single" | "multi";
    master_availability_zone?: string;
    slave_count: number;
}

/**
 * UNVERIFIED: OTC's TaurusDB reference names no job; these are the names Huawei Cloud's TaurusDB task list
 * enumerates (what progress lines and messages show, and what a pending job in state is matched against).
 */
export const TAURUSDB_JOB_NAMES = {
    create: "CreateGaussDBforMySQLInstance",
    delete: "DeleteGaussDBforMySQLInstance",
    resize: "ResizeGaussDBforMySQLFlavor",
    addNodes: "AddGaussDBforMySQLNodes",
    deleteNode: "DeleteGaussDBforMySQLNode",
} as const;

const instancePath = (client: OtcClient, id: string, suffix = "") => client.projectPath(`/instances/${encodeURIComponent(id)}${suffix}`);

/** 201 `{instance, job_id}`. */
export async function createTaurusDbInstance(client: OtcClient, body: CreateTaurusDbInstanceBody) {
    const { body: answer } = await client.call({ method: "POST", path: client.projectPath("/instances"), body }, createSchema);
    return { instanceId: answer.instance.id, jobId: answer.job_id };
}

/** The instance's detail (with its nodes), or undefined when OTC says it does not exist. */
export async function showTaurusDbInstance(client: OtcClient, id: string, signal?: AbortSignal): Promise<TaurusDbInstanceApi | undefined> {
    try {
        const { body } = await client.call({ method: "GET", path: instancePath(client, id), ...(signal ? { signal } : {}) }, detailSchema);
        return body.instance;
    } catch (error) {
        if (isInstanceGone(error)) return undefined;
        throw error;
    }
}

/**
 * Instances with exactly this id or name, in detail. By name: the list (`name` is an exact match unless it starts
 * with `*`; filtered again in case a gateway is lenient), then each one's detail, which alone has the nodes.
 */
export async function findTaurusDbInstances(
    client: OtcClient,
    filter: { id: string } | { name: string },
    signal?: AbortSignal,
): Promise<TaurusDbInstanceApi[]> {
    if ("id" in filter) {
        const instance = await showTaurusDbInstance(client, filter.id, signal);
        return instance ? [instance] : [];
    }
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/instances"), query: { name: filter.name, limit: 100 }, ...(signal ? { signal } : {}) },
        listSchema,
    );
    const named = body.instances.filter((i) => i.name === filter.name);
    const details = await Promise.all(named.map((i) => showTaurusDbInstance(client, i.id, signal)));
    return details.filter((i): i is TaurusDbInstanceApi => i !== undefined);
}

/** 200 `{job_id}`. */
export async function deleteTaurusDbInstance(client: OtcClient, id: string) {
    return requestJob(client, { method: "DELETE", path: instancePath(client, id) });
}

/** `POST …/action` `{"resize_flavor":{"spec_code"}}`: 200 `{job_id}`. */
export async function resizeTaurusDbFlavor(client: OtcClient, id: string, specCode: string) {
    return requestJob(client, { method: "POST", path: instancePath(client, id, "/action"), body: { resize_flavor: { spec_code: specCode } } });
}

/**
 * Adds read replicas, one failover priority each: 201, `job_id` one id per replica, comma-joined (the OTC Terraform
 * provider splits it the same way); every one is waited for.
 */
export async function addTaurusDbReadReplicas(client: OtcClient, id: string, priorities: number[]) {
    const { body } = await client.call({ method: "POST", path: instancePath(client, id, "/nodes/enlarge"), body: { priorities } }, enlargeSchema);
    return { jobId: body.job_id ?? undefined };
}

/** 200 `{job_id}`. */
export async function deleteTaurusDbNode(client: OtcClient, id: string, nodeId: string) {
    return requestJob(client, { method: "DELETE", path: instancePath(client, id, `/nodes/${encodeURIComponent(nodeId)}`) });
}

/** 200 without a job: the new password is effective at once. */
export async function resetTaurusDbPassword(client: OtcClient, id: string, password: string) {
    await client.call({ method: "POST", path: instancePath(client, id, "/password"), body: { password } }, emptySchema);
}

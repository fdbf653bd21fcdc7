import { z } from "zod";
import type { OtcClient } from "../../client/otc-client";
import { requestJob } from "../../client/request-job";

// The openGauss instance API (`/v3/{project_id}/instances…`): minimal schemas for the fields this package
// reads, and one function per call.

export const gaussDbInstanceSchema = z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    type: z.string().nullish(),
    datastore: z.object({ type: z.string().nullish(), version: z.string().nullish() }).nullish(),
    ha: z
        .object({ mode: z.string().nullish(), replication_mode: z.string().nullish(), consistency: z.string().nullish() })
        .nullish(),
    flavor_ref: z.string().nullish(),
    volume: z.object({ type: z.string().nullish(), size: z.number() }).nullish(),
    region: z.string().nullish(),
    availability_zone: z.string().nullish(),
    vpc_id: z.string().nullish(),
    subnet_id: z.string().nullish(),
    security_group_id: z.string().nullish(),
    port: z.union([z.string(), z.number()]).nullish(),
    private_ips: z.array(z.string()).nullish(),
    public_ips: z.array(z.string()).nullish(),
    created: z.string().nullish(),
    updated: z.string().nullish(),
});
export type GaussDbInstanceApi = z.infer<typeof gaussDbInstanceSchema>;

const listSchema = z.object({ instances: z.array(gaussDbInstanceSchema), total_count: z.number().int() });
const createSchema = z.object({ instance: z.object({ id: z.string(), name: z.string().nullish() }), job_id: z.string() });
const emptySchema = z.object({}).passthrough();

/** The create request body (see the OTC API reference: "Creating a DB Instance"). */
export interface CreateGaussDbInstanceBody {
    name: string;
    datastore: { type: "GaussDB"; version?: string };
    ha: { mode: string; consistency?: string; replication_mode?: string };
    password: string;
    flavor_ref: string;
    volume: { type: string; size: number };
    region: string;
    availability_zone: string;
    vpc_id: string;
    subnet_id: string;
    security_group_id: string;
    port?: string;
}

/**
 * A restore into a new instance ("Restoring Data to a New DB Instance"): the create body without `datastore`, `ha`
 * and `region` (the new instance takes the source's engine version and type), plus `restore_point`.
 */
export type RestoreGaussDbInstanceBody = Omit<CreateGaussDbInstanceBody, "datastore" | "ha" | "region"> & {
    restore_point: { instance_id: string } & ({ type: "backup"; backup_id: string } | { type: "timestamp"; restore_time: number });
};

export const GAUSSDB_JOB_NAMES = {
    create: "CreateGaussDBV5Instance",
    restore: "CloneGaussDBV5NewInstance",
    delete: "DeleteGaussDBV5Instance",
    resize: "ResizeGaussDBV5Flavor",
    enlarge: "EnlargeGaussDBV5Volume",
} as const;

export async function createGaussDbInstance(client: OtcClient, body: CreateGaussDbInstanceBody | RestoreGaussDbInstanceBody, signal?: AbortSignal) {
    const { body: answer } = await client.call(
        { method: "POST", path: client.projectPath("/instances"), body, ...(signal ? { signal } : {}) },
        createSchema,
    );
    return { instanceId: answer.instance.id, jobId: answer.job_id };
}

/** Instances with exactly this id or name (there is no single-instance GET for openGauss on OTC). */
export async function findGaussDbInstances(
    client: OtcClient,
    filter: { id: string } | { name: string },
    signal?: AbortSignal,
): Promise<GaussDbInstanceApi[]> {
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/instances"), query: { ...filter, limit: 100 }, ...(signal ? { signal } : {}) },
        listSchema,
    );
    // `name` is an exact match on OTC unless it starts with "*"; filter again in case a gateway is lenient.
    return body.instances.filter((i) => ("id" in filter ? i.id === filter.id : i.name === filter.name));
}

export async function deleteGaussDbInstance(client: OtcClient, instanceId: string, signal?: AbortSignal) {
    return requestJob(client, { method: "DELETE", path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}`), ...(signal ? { signal } : {}) });
}

export async function resizeGaussDbFlavor(client: OtcClient, instanceId: string, flavorRef: string, signal?: AbortSignal) {
    return requestJob(client, {
        method: "PUT",
        path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}/flavor`),
        body: { flavor_ref: flavorRef },
        ...(signal ? { signal } : {}),
    });
}

export async function enlargeGaussDbVolume(client: OtcClient, instanceId: string, sizeGb: number, signal?: AbortSignal) {
    return requestJob(client, {
        method: "POST",
        path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}/action`),
        body: { enlarge_volume: { size: sizeGb } },
        ...(signal ? { signal } : {}),
    });
}

/** Answers 200 without a job: the new password is effective at once. */
export async function resetGaussDbPassword(client: OtcClient, instanceId: string, password: string, signal?: AbortSignal) {
    await client.call(
        {
            method: "POST",
            path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}/password`),
            body: { password },
            ...(signal ? { signal } : {}),
        },
        emptySchema,
    );
}

import type { JobObservation } from "../core/jobs";
import type { StoredInstance, StoredJob, StoredRecord } from "../core/model";
import { formatOtcTimestamp } from "../core/time";

// Simulator mapping for the instance list's `type`; OTC's real values differ between editions.
const INSTANCE_TYPE = { enterprise: "Ha", centralization_standard: "Centralization" } as const;

/** The `instance` object of a create answer. */
export function createdInstanceView(instance: StoredInstance): Record<string, unknown> {
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        datastore: { ...instance.datastore },
        ha: { ...instance.ha },
        flavor_ref: instance.flavorRef,
        volume: { ...instance.volume },
        region: instance.region,
        availability_zone: instance.availabilityZone,
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        security_group_id: instance.securityGroupId,
        port: instance.port,
    };
}

/** One element of `GET /v3/{pid}/instances`: the create answer's fields and what OTC adds in lists. */
export function instanceView(instance: StoredInstance): Record<string, unknown> {
    const { id, name, status, ...rest } = createdInstanceView(instance);
    return {
        id,
        name,
        status,
        type: INSTANCE_TYPE[instance.ha.mode],
        ...rest,
        // The create answer carries the port as a string, the list as an integer: OTC's "Querying DB Instances"
        // page and the official client's model both type it so.
        port: Number(instance.port),
        private_ips: [...instance.privateIps],
        public_ips: [],
        created: formatOtcTimestamp(instance.createdAtMs),
        updated: formatOtcTimestamp(instance.updatedAtMs),
    };
}

/**
 * The `job` object of `GET /v3/{pid}/jobs?id=` (seeds 000/002). `ended` is left out while the job has not
 * ended: the docs only show ended jobs, and an absent field is what a client schema must tolerate anyway.
 */
export function jobView(job: StoredJob, observed: JobObservation, instance: StoredRecord | undefined): Record<string, unknown> {
    const view: Record<string, unknown> = {
        id: job.id,
        name: job.name,
        status: observed.status,
        created: formatOtcTimestamp(job.createdAtMs),
    };
    if (observed.endedAtMs !== undefined) view["ended"] = formatOtcTimestamp(observed.endedAtMs);
    view["progress"] = observed.percent === undefined ? "" : `${observed.percent}%`;
    view["instance"] = { id: job.instanceId, name: instance?.name ?? job.instanceName };
    view["fail_reason"] = observed.failReason;
    return view;
}

/**
 * One element of `GET /v3/{pid}/tasks` (seeds 001/004). `process` is `"NN%"` while running, `""` while
 * pending (or when progress is hidden) and `null` once ended; `ended_at` is `null` until the job ends.
 */
export function taskView(job: StoredJob, observed: JobObservation, instance: StoredRecord | undefined): Record<string, unknown> {
    const { endedAtMs } = observed;
    return {
        instance_info: {
            instance_id: job.instanceId,
            instance_name: instance?.name ?? job.instanceName,
            instance_status: taskInstanceStatus(instance),
        },
        job_id: job.id,
        name: job.name,
        status: observed.status,
        process: endedAtMs !== undefined ? null : observed.percent === undefined ? "" : `${observed.percent}%`,
        fail_reason: observed.failReason,
        created_at: formatOtcTimestamp(job.createdAtMs),
        ended_at: endedAtMs === undefined ? null : formatOtcTimestamp(endedAtMs),
    };
}

// The task list reports lower-case instance states ("creating", "deleted" in seed 004); the others are a
// simulator guess, and clients should not rely on this field.
export function taskInstanceStatus(instance: StoredRecord | undefined): string {
    if (!instance) return "deleted";
    switch (instance.status) {
        case "BUILD":
            return "creating";
        case "ACTIVE":
            return "normal";
        case "FAILED":
            return "createfail";
        case "MODIFYING":
            return "modifying";
        case "DELETING":
            return "deleting";
        default:
            return instance.status.toLowerCase();
    }
}

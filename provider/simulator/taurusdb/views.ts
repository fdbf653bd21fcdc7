import type { JobObservation } from "../core/jobs";
import type { StoredJob, StoredRecord } from "../core/model";
import type { StoredTaurusDbInstance, StoredTaurusDbNode } from "./model";
import { formatOtcTimestamp } from "../core/time";

// Wire shapes of the TaurusDB API reference: the create answer, the list, the detail (with nodes), the task center.

const DATASTORE_TYPE = "gaussdb-mysql";

/** The `instance` of the create answer (201). */
export function taurusDbCreatedView(instance: StoredTaurusDbInstance, slaveCount: number): Record<string, unknown> {
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        datastore: { type: DATASTORE_TYPE, version: instance.version },
        mode: "Cluster",
        region: instance.region,
        availability_zone_mode: instance.azMode,
        ...(instance.azMode === "multi" ? { master_availability_zone: instance.masterAz } : {}),
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        ...(instance.securityGroupId ? { security_group_id: instance.securityGroupId } : {}),
        flavor_ref: instance.flavorRef,
        port: instance.port,
        slave_count: slaveCount,
        charge_info: { charge_mode: "postPaid" },
    };
}

/** One element of `GET /v3/{pid}/instances` (no nodes there). */
export function taurusDbListView(instance: StoredTaurusDbInstance): Record<string, unknown> {
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        private_ips: [instance.privateWriteIp],
        public_ips: [],
        port: instance.port,
        type: "Cluster",
        region: instance.region,
        datastore: { type: DATASTORE_TYPE, version: instance.version },
        created: formatOtcTimestamp(instance.createdAtMs),
        updated: formatOtcTimestamp(instance.updatedAtMs),
        db_user_name: "root",
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        security_group_id: instance.securityGroupId ?? "",
        flavor_ref: instance.flavorRef,
        time_zone: "UTC",
    };
}

/** The `instance` of `GET /v3/{pid}/instances/{id}`: no top-level flavor, the nodes carry it. */
export function taurusDbDetailView(instance: StoredTaurusDbInstance): Record<string, unknown> {
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        type: "Cluster",
        port: instance.port,
        node_count: instance.nodes.length,
        datastore: { type: DATASTORE_TYPE, version: instance.version },
        created: formatOtcTimestamp(instance.createdAtMs),
        updated: formatOtcTimestamp(instance.updatedAtMs),
        private_write_ips: [instance.privateWriteIp],
        db_user_name: "root",
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        security_group_id: instance.securityGroupId ?? "",
        az_mode: instance.azMode,
        master_az_code: instance.masterAz,
        region: instance.region,
        time_zone: "UTC",
        nodes: instance.nodes.map((node) => nodeView(instance, node)),
    };
}

function nodeView(instance: StoredTaurusDbInstance, node: StoredTaurusDbNode): Record<string, unknown> {
    return {
        id: node.id,
        name: node.name,
        type: node.type,
        status: node.status,
        port: Number(instance.port),
        private_read_ips: [node.privateReadIp],
        az_code: node.azCode,
        region_code: instance.region,
        flavor_ref: node.flavorRef,
        priority: node.priority,
    };
}

/**
 * The `job` of `GET /v3/{pid}/jobs?id=` (and of the legacy `/mysql/v3/{pid}/jobs`): progress spelt `process`
 * ("60%" while running, "" otherwise), `entities` with the instance's endpoint and datastore, `ended` once ended.
 */
export function taurusDbJobView(job: StoredJob, observed: JobObservation, record: StoredRecord | undefined): Record<string, unknown> {
    const instance = record as StoredTaurusDbInstance | undefined;
    const view: Record<string, unknown> = {
        id: job.id,
        name: job.name,
        status: observed.status,
        created: formatOtcTimestamp(job.createdAtMs),
    };
    if (observed.endedAtMs !== undefined) view["ended"] = formatOtcTimestamp(observed.endedAtMs);
    view["process"] = observed.status === "Running" && observed.percent !== undefined ? `${observed.percent}%` : "";
    view["instance"] = { id: job.instanceId, name: instance?.name ?? job.instanceName };
    view["entities"] = instance
        ? {
              instance: {
                  endpoint: `${instance.privateWriteIp}:${instance.port}`,
                  type: "Cluster",
                  datastore: { type: DATASTORE_TYPE, version: instance.version },
              },
              resource_ids: [`${instance.id}.vm`, `${instance.id}.volume`],
          }
        : {};
    if (observed.failReason !== null) view["fail_reason"] = observed.failReason;
    return view;
}

import type { StoredRecord } from "../core/model";

/** One node of a TaurusDB instance: the primary (`master`) or a read replica (`slave`). */
export interface StoredTaurusDbNode {
    id: string;
    name: string;
    type: "master" | "slave";
    /** BUILD while its add job runs, DELETING while its delete job runs, ACTIVE otherwise. */
    status: string;
    flavorRef: string;
    azCode: string;
    priority: number;
    privateReadIp: string;
}

/** A TaurusDB (GaussDB for MySQL) instance, as the simulator stores it. */
export interface StoredTaurusDbInstance extends StoredRecord {
    region: string;
    version: string;
    flavorRef: string;
    vpcId: string;
    subnetId: string;
    securityGroupId: string | undefined;
    azMode: "single" | "multi";
    masterAz: string;
    port: string;
    privateWriteIp: string;
    nodes: StoredTaurusDbNode[];
    /** Only a hash, so tests can check a password change without the simulator ever returning a password. */
    passwordSha256: string;
    /** Numbers node names (`<name>_node03`); never reused. */
    nodeSeq: number;
}

/** What a TaurusDB job does when it ends (the `action` of its `{kind:"service"}` change). */
export type TaurusDbJobAction = "create" | "resize" | "addNode" | "deleteNode" | "delete";

export const TAURUSDB_JOB_NAMES: Readonly<Record<TaurusDbJobAction, string>> = {
    // UNVERIFIED: the OTC reference's one example says "CreateMysqlInstance" (copied from RDS, by its instance name);
    // the job names below are those Huawei Cloud's TaurusDB task-list reference enumerates.
    create: "CreateGaussDBforMySQLInstance",
    resize: "ResizeGaussDBforMySQLFlavor",
    addNode: "AddGaussDBforMySQLNodes",
    deleteNode: "DeleteGaussDBforMySQLNode",
    delete: "DeleteGaussDBforMySQLInstance",
};

const MINUTE_MS = 60_000;

/** Unscaled durations, in the range OTC takes for a small TaurusDB instance. */
export const TAURUSDB_JOB_DURATIONS_MS: Readonly<Record<TaurusDbJobAction, number>> = {
    create: 10 * MINUTE_MS,
    resize: 8 * MINUTE_MS,
    addNode: 6 * MINUTE_MS,
    deleteNode: 3 * MINUTE_MS,
    delete: 2 * MINUTE_MS,
};

/**
 * TaurusDB's task center documents `Pending` ("a delayed task, not executed yet"): jobs that queue behind others
 * (a create, replicas added) start Pending for this share of their duration.
 */
export const TAURUSDB_PENDING_SHARE: Readonly<Partial<Record<TaurusDbJobAction, number>>> = { create: 0.1, addNode: 0.1 };

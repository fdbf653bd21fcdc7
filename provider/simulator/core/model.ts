/** What the simulator stores. Field names are internal; the wire shapes live in simulator-views.ts. */

/** The services the simulator serves, each under its own path prefix (its host label). */
export type SimulatorServiceName = "gaussdb" | "rds" | "taurusdb";

/** What every stored instance (of any service) has; each service stores its own fields beside these. */
export interface StoredRecord {
    id: string;
    name: string;
    status: string;
    createdAtMs: number;
    updatedAtMs: number;
}

export type HaMode = "enterprise" | "centralization_standard";

export type InstanceStatus = "BUILD" | "ACTIVE" | "FAILED" | "MODIFYING" | "DELETING" | "REBOOTING";

/** A GaussDB (openGauss) instance. */
export interface StoredInstance extends StoredRecord {
    id: string;
    name: string;
    status: InstanceStatus;
    datastore: { type: string; version: string };
    ha: { mode: HaMode; consistency: string; replication_mode: string };
    flavorRef: string;
    volume: { type: string; size: number };
    region: string;
    availabilityZone: string;
    vpcId: string;
    subnetId: string;
    securityGroupId: string;
    port: string;
    privateIps: string[];
    /** Only a hash, so tests can check a password change without the simulator ever returning a password. */
    passwordSha256: string;
    createdAtMs: number;
    updatedAtMs: number;
}

/** What a GaussDB job does to its instance when it completes. */
export type GaussDbJobChange =
    | { kind: "create" }
    | { kind: "resize"; flavorRef: string }
    | { kind: "enlarge"; size: number }
    | { kind: "rename"; name: string }
    | { kind: "restart" }
    | { kind: "delete" };

/** What a job of another service does: its service's `applyJobOutcome` reads `action` and `data`. */
export interface ServiceJobChange {
    kind: "service";
    action: string;
    data: Record<string, unknown>;
}

export type JobChange = GaussDbJobChange | ServiceJobChange;

export type JobName =
    | "CreateGaussDBV5Instance"
    | "ResizeGaussDBV5Flavor"
    | "EnlargeGaussDBV5Volume"
    | "ModifyGaussDBV5InstanceName"
    | "RestartGaussDBV5Instance"
    | "DeleteGaussDBV5Instance";

/**
 * A job is stored as timestamps, never as a status: its status and progress are computed from the clock
 * whenever asked (simulator-jobs.ts), so a restarted simulator simply continues it.
 */
export interface StoredJob {
    id: string;
    /** Absent in jobs stored before the simulator served other services: GaussDB. */
    service?: SimulatorServiceName;
    name: string;
    instanceId: string;
    /** The name when the job was submitted; shown once the instance is gone. */
    instanceName: string;
    change: JobChange;
    /** Restored when a modifying job fails, so a failed resize leaves the instance as it was. */
    instanceStatusBefore: string;
    createdAtMs: number;
    /** Real (already scaled) duration. */
    durationMs: number;
    /** Breaks ties between jobs created in the same millisecond (an injected clock often stands still). */
    seq: number;
    /** Share of the duration reported as `Pending` first, for services whose task center documents it. */
    pendingShare?: number;
    failure?: { atPercent: number; reason: string };
    noProgress?: boolean;
    /** Until then the task center answers DBS.200543 for this job, like OTC right after submission. */
    unknownUntilMs?: number;
    /** The task center forgets the job this long after it ended, answering as given (a `job-purge` fault). */
    purge?: { afterMs: number; answer: "400" | "404" | "empty" };
    /** True once the job's outcome has been applied to its instance. */
    settled: boolean;
}

/** A GaussDB (openGauss) manual backup. Statuses as documented (BUILDING, COMPLETED, FAILED), plus DELETING. */
export interface StoredBackup {
    id: string;
    name: string;
    description: string | null;
    instanceId: string;
    status: "BUILDING" | "COMPLETED" | "FAILED" | "DELETING";
    datastore: { type: string; version: string };
    /** MB, 0 until completed. */
    sizeMb: number;
    beginAtMs: number;
    endAtMs?: number;
    /** Set by a delete: the backup is listed as DELETING until then, and gone after. */
    goneAtMs?: number;
}

/** One service's data in one project. */
export interface ProjectState<I extends StoredRecord = StoredInstance> {
    instances: Map<string, I>;
    jobs: Map<string, StoredJob>;
    /** GaussDB backups; absent until the project's first backup (and in state files written before backups). */
    backups?: Map<string, StoredBackup>;
}

export interface SimulatorState {
    nextSeq: number;
    projects: Map<string, ProjectState>;
}

export function emptyState(): SimulatorState {
    return { nextSeq: 1, projects: new Map() };
}

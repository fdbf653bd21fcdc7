import type { InstanceAdapter, InstancePhase, UpdateStep } from "../lifecycle/instance-adapter";
import { rdsFlavors, rdsZoneInputs } from "./rds-flavors";
import { volumeMayOnlyGrow } from "../lifecycle/volume-growth";
import {
    type CreateRdsInstanceBody,
    createRdsInstance,
    deleteRdsInstance,
    findRdsCreateJob,
    findRdsInstances,
    RDS_CREATE_JOB_NAMES,
    rdsEngineOf,
    type RdsInstanceApi,
    rdsInstanceAction,
    rdsJobName,
    resetRdsPassword,
} from "./rds-api";
import { type RdsInstanceInputs, rdsInstanceInputsSchema } from "./rds-instance-inputs";

type Inputs = RdsInstanceInputs;
type Api = RdsInstanceApi;

// "CREATE FAIL" is a failed create; "FAILED" an abnormal instance (RDS API reference, "Querying DB Instances").
const PHASES: Record<string, InstancePhase> = { ACTIVE: "ready", BUILD: "building", "CREATE FAIL": "failed", FAILED: "failed" };

/** In place, in this order: a resize job, an enlarge job, then the password (no job). */
const UPDATE_STEPS: UpdateStep<Inputs, Api>[] = [
    {
        property: "flavorRef",
        needed: (instance, news) => instance.flavor_ref !== news.flavorRef,
        submit: async (client, id, news) => ({
            ...(await rdsInstanceAction(client, id, { resize_flavor: { spec_code: news.flavorRef } })),
            jobName: rdsJobName("resize", news.engine),
        }),
    },
    {
        property: "volume.size",
        needed: (instance, news, olds) => news.volume.size > (instance.volume?.size ?? olds.volume.size),
        submit: async (client, id, news) => ({
            ...(await rdsInstanceAction(client, id, { enlarge_volume: { size: news.volume.size } })),
            jobName: rdsJobName("enlarge", news.engine),
        }),
    },
    {
        // Effective at once ("Resetting the Password for User root" answers 200 {}). OTC cannot report a password, so
        // the state's value decides.
        property: "password",
        needed: (_instance, news, olds) => news.password !== olds.password,
        submit: async (client, id, news) => {
            await resetRdsPassword(client, id, news.password);
            return {};
        },
    },
];

function portOf(instance: Api): number | undefined {
    return instance.port === undefined || instance.port === null || instance.port === "" ? undefined : Number(instance.port);
}

/** The AZ of each node, primary first, as the list reports them. */
function zonesOf(instance: Api): string[] | undefined {
    const nodes = instance.nodes?.filter((n) => n.availability_zone);
    if (!nodes || nodes.length === 0) return undefined;
    const ordered = [...nodes].sort((a, b) => (a.role === "master" ? -1 : b.role === "master" ? 1 : 0));
    return ordered.map((n) => n.availability_zone as string);
}

/** Compared when an instance is adopted: a difference means it is not the instance the program describes. */
function adoptionMismatches(instance: Api, inputs: Inputs): string[] {
    const zones = zonesOf(instance);
    const checks: [string, unknown, unknown][] = [
        ["engine", rdsEngineOf(instance.datastore?.type), inputs.engine],
        ["engineVersion", instance.datastore?.version, inputs.engineVersion],
        ["vpcId", instance.vpc_id, inputs.vpcId],
        ["subnetId", instance.subnet_id, inputs.subnetId],
        ["securityGroupId", instance.security_group_id, inputs.securityGroupId],
        ["availabilityZones", zones?.join(","), inputs.availabilityZones.join(",")],
        ["ha", instance.type ? instance.type === "Ha" : undefined, inputs.ha !== undefined],
        ["ha.replicationMode", instance.ha?.replication_mode, inputs.ha?.replicationMode],
        ["region", instance.region, inputs.region],
        ["volume.type", instance.volume?.type, inputs.volume.type],
        ["port", portOf(instance), inputs.port],
    ];
    // A value OTC does not report, or the program leaves to OTC's default, cannot contradict anything.
    return checks
        .filter(([, actual, wanted]) => actual !== undefined && actual !== null && actual !== "" && wanted !== undefined && String(actual) !== String(wanted))
        .map(([property, actual, wanted]) => `${property} is ${String(actual)}, the program says ${String(wanted)}`);
}

function createBody(inputs: Inputs, name: string, region: string): CreateRdsInstanceBody {
    const from = inputs.restoreFrom;
    return {
        name,
        // A restore takes the engine of its source; the request has no datastore.
        ...(from ? {} : { datastore: { type: inputs.engine, version: inputs.engineVersion } }),
        ...(inputs.ha ? { ha: { mode: "Ha" as const, replication_mode: inputs.ha.replicationMode } } : {}),
        ...(inputs.port !== undefined ? { port: String(inputs.port) } : {}),
        password: inputs.password,
        flavor_ref: inputs.flavorRef,
        volume: { type: inputs.volume.type, size: inputs.volume.size },
        region,
        availability_zone: inputs.availabilityZones.join(","),
        vpc_id: inputs.vpcId,
        subnet_id: inputs.subnetId,
        security_group_id: inputs.securityGroupId,
        ...(from
            ? {
                  restore_point:
                      "backupId" in from
                          ? { instance_id: from.instanceId, type: "backup" as const, backup_id: from.backupId }
                          : { instance_id: from.instanceId, type: "timestamp" as const, restore_time: Date.parse(from.restoreTime) },
              }
            : {}),
    };
}

/** RDS v3 instances (MySQL, PostgreSQL, SQL Server): `/v3/{project_id}/instances` on the `rds` endpoint. */
export const rdsInstanceAdapter: InstanceAdapter<Inputs, Api> = {
    typeName: "RdsInstance",
    service: "rds",
    schema: rdsInstanceInputsSchema,
    secretInputs: ["password"],
    replaceOn: [
        "engine",
        "engineVersion",
        "availabilityZones",
        "vpcId",
        "subnetId",
        "securityGroupId",
        "ha",
        "port",
        "volume.type",
        "restoreFrom",
    ],
    updateSteps: UPDATE_STEPS,
    // `create`/`delete` label waits without a job; each submission names its job per engine.
    jobNames: { create: "CreateRdsInstance", delete: "DeleteRdsInstance", otherCreates: RDS_CREATE_JOB_NAMES },
    maxNameLength: 64,
    outputOnlyKeys: ["privateIps"],
    phaseOf: (instance) => PHASES[instance.status] ?? "busy",
    find: (client, query, signal) => findRdsInstances(client, query, signal),
    findCreateJob: findRdsCreateJob,
    submitCreate: async (client, inputs, name, region) => ({
        ...(await createRdsInstance(client, createBody(inputs, name, region))),
        jobName: rdsJobName(inputs.restoreFrom ? "restore" : "create", inputs.engine),
    }),
    submitDelete: async (client, id) => {
        // The job's name depends on the engine, which only the instance tells here.
        const [instance] = await findRdsInstances(client, { id }).catch(() => []);
        const engine = rdsEngineOf(instance?.datastore?.type);
        return { ...(await deleteRdsInstance(client, id)), ...(engine ? { jobName: rdsJobName("delete", engine) } : {}) };
    },
    adoptionMismatches,
    observed: (instance, inputs) => ({
        // A restored instance has its source's engine, whatever the program says: the state records the real one.
        engine: rdsEngineOf(instance?.datastore?.type) ?? inputs.engine,
        engineVersion: instance?.datastore?.version ?? inputs.engineVersion,
        flavorRef: instance?.flavor_ref ?? inputs.flavorRef,
        volume: { type: instance?.volume?.type ?? inputs.volume?.type, size: instance?.volume?.size ?? inputs.volume?.size },
        region: instance?.region ?? inputs.region,
        privateIps: instance?.private_ips ?? [],
        ...(instance && portOf(instance) !== undefined ? { port: portOf(instance) } : {}),
    }),
    inputsOfExisting: (instance) => ({
        name: instance.name,
        engine: rdsEngineOf(instance.datastore?.type) ?? "MySQL",
        engineVersion: instance.datastore?.version ?? "",
        flavorRef: instance.flavor_ref ?? "",
        volume: { type: instance.volume?.type ?? "", size: instance.volume?.size ?? 0 },
        availabilityZones: zonesOf(instance) ?? [],
        vpcId: instance.vpc_id ?? "",
        subnetId: instance.subnet_id ?? "",
        securityGroupId: instance.security_group_id ?? "",
        ...(instance.type === "Ha" ? { ha: { replicationMode: instance.ha?.replication_mode ?? "" } } : {}),
        ...(instance.region ? { region: instance.region } : {}),
        ...(portOf(instance) !== undefined ? { port: portOf(instance) } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    }),
    checkTransition: volumeMayOnlyGrow("RDS"),
    zoneInputs: rdsZoneInputs,
    flavors: rdsFlavors,
};

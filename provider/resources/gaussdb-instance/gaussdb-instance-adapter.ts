import type { InstanceAdapter, InstancePhase, UpdateStep } from "../lifecycle/instance-adapter";
import { gaussDbFlavors, gaussDbZoneInputs } from "./gaussdb-flavors";
import { volumeMayOnlyGrow } from "../lifecycle/volume-growth";
import {
    createGaussDbInstance,
    deleteGaussDbInstance,
    enlargeGaussDbVolume,
    findGaussDbInstances,
    GAUSSDB_JOB_NAMES,
    type GaussDbInstanceApi,
    resetGaussDbPassword,
    resizeGaussDbFlavor,
} from "./gaussdb-api";
import { type GaussDbInstanceInputs, gaussDbInstanceInputsSchema, type GaussDbRestoreFrom } from "./gaussdb-instance-inputs";

type Inputs = GaussDbInstanceInputs;
type Api = GaussDbInstanceApi;

const PHASES: Record<string, InstancePhase> = { ACTIVE: "ready", BUILD: "building", FAILED: "failed" };

/** In place, in this order: each its own request, the first two each an OTC job. */
const UPDATE_STEPS: UpdateStep<Inputs, Api>[] = [
    {
        property: "flavorRef",
        jobName: GAUSSDB_JOB_NAMES.resize,
        needed: (instance, news) => instance.flavor_ref !== news.flavorRef,
        submit: (client, id, news) => resizeGaussDbFlavor(client, id, news.flavorRef),
    },
    {
        property: "volume.size",
        jobName: GAUSSDB_JOB_NAMES.enlarge,
        needed: (instance, news, olds) => news.volume.size > (instance.volume?.size ?? olds.volume.size),
        submit: (client, id, news) => enlargeGaussDbVolume(client, id, news.volume.size),
    },
    {
        // Effective at once, no job. OTC cannot report a password, so the state's value decides.
        property: "password",
        needed: (_instance, news, olds) => news.password !== olds.password,
        submit: async (client, id, news) => {
            await resetGaussDbPassword(client, id, news.password);
            return {};
        },
    },
];

/** Compared when an instance is adopted: a difference means it is not the instance the program describes. */
function adoptionMismatches(instance: Api, inputs: Inputs): string[] {
    const checks: [string, unknown, unknown][] = [
        ["vpcId", instance.vpc_id, inputs.vpcId],
        ["subnetId", instance.subnet_id, inputs.subnetId],
        ["securityGroupId", instance.security_group_id, inputs.securityGroupId],
        ["availabilityZone", instance.availability_zone, inputs.availabilityZone],
        ["ha.mode", instance.ha?.mode, inputs.ha.mode],
        ["region", instance.region, inputs.region],
        ["datastoreVersion", instance.datastore?.version, inputs.datastoreVersion],
        ["volume.type", instance.volume?.type, inputs.volume.type],
        ["port", instance.port === undefined || instance.port === null ? undefined : Number(instance.port), inputs.port],
    ];
    // A value OTC does not report, or the program leaves to OTC's default, cannot contradict anything.
    return checks
        .filter(([, actual, wanted]) => actual !== undefined && actual !== null && wanted !== undefined && String(actual) !== String(wanted))
        .map(([property, actual, wanted]) => `${property} is ${String(actual)}, the program says ${String(wanted)}`);
}

/** GaussDB (openGauss) instances: `/v3/{project_id}/instances` on the `gaussdb` endpoint. */
export const gaussDbInstanceAdapter: InstanceAdapter<Inputs, Api> = {
    typeName: "GaussDbInstance",
    service: "gaussdb",
    schema: gaussDbInstanceInputsSchema,
    secretInputs: ["password"],
    replaceOn: [
        "availabilityZone",
        "vpcId",
        "subnetId",
        "securityGroupId",
        "ha.mode",
        "ha.consistency",
        "ha.replicationMode",
        "datastoreVersion",
        "port",
        "volume.type",
        // Dropping restoreFrom later keeps the instance: only a different restore point replaces it.
        "restoreFrom.instanceId",
        "restoreFrom.backupId",
        "restoreFrom.restoreTime",
    ],
    updateSteps: UPDATE_STEPS,
    jobNames: { create: GAUSSDB_JOB_NAMES.create, delete: GAUSSDB_JOB_NAMES.delete, otherCreates: [GAUSSDB_JOB_NAMES.restore] },
    maxNameLength: 64,
    outputOnlyKeys: ["privateIps"],
    phaseOf: (instance) => PHASES[instance.status] ?? "busy",
    find: findGaussDbInstances,
    submitCreate: async (client, inputs, name, region) => {
        const common = {
            name,
            password: inputs.password,
            flavor_ref: inputs.flavorRef,
            volume: { type: inputs.volume.type, size: inputs.volume.size },
            availability_zone: inputs.availabilityZone,
            vpc_id: inputs.vpcId,
            subnet_id: inputs.subnetId,
            security_group_id: inputs.securityGroupId,
            ...(inputs.port !== undefined ? { port: String(inputs.port) } : {}),
        };
        if (inputs.restoreFrom) {
            const created = await createGaussDbInstance(client, { ...common, restore_point: restorePoint(inputs.restoreFrom) });
            return { ...created, jobName: GAUSSDB_JOB_NAMES.restore };
        }
        return createGaussDbInstance(client, {
            ...common,
            datastore: { type: "GaussDB", ...(inputs.datastoreVersion ? { version: inputs.datastoreVersion } : {}) },
            ha: {
                mode: inputs.ha.mode,
                ...(inputs.ha.consistency ? { consistency: inputs.ha.consistency } : {}),
                ...(inputs.ha.replicationMode ? { replication_mode: inputs.ha.replicationMode } : {}),
            },
            region,
        });
    },
    submitDelete: (client, id) => deleteGaussDbInstance(client, id),
    adoptionMismatches,
    observed: (instance, inputs) => ({
        flavorRef: instance?.flavor_ref ?? inputs.flavorRef,
        volume: { type: instance?.volume?.type ?? inputs.volume?.type, size: instance?.volume?.size ?? inputs.volume?.size },
        region: instance?.region ?? inputs.region,
        privateIps: instance?.private_ips ?? [],
        ...(instance?.port !== undefined && instance?.port !== null ? { port: Number(instance.port) } : {}),
    }),
    inputsOfExisting: (instance) => ({
        name: instance.name,
        flavorRef: instance.flavor_ref ?? "",
        volume: { type: instance.volume?.type ?? "", size: instance.volume?.size ?? 0 },
        availabilityZone: instance.availability_zone ?? "",
        vpcId: instance.vpc_id ?? "",
        subnetId: instance.subnet_id ?? "",
        securityGroupId: instance.security_group_id ?? "",
        ha: {
            mode: instance.ha?.mode ?? "",
            ...(instance.ha?.consistency ? { consistency: instance.ha.consistency } : {}),
            ...(instance.ha?.replication_mode ? { replicationMode: instance.ha.replication_mode } : {}),
        },
        ...(instance.region ? { region: instance.region } : {}),
        ...(instance.datastore?.version ? { datastoreVersion: instance.datastore.version } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    }),
    checkTransition: volumeMayOnlyGrow("OTC"),
    zoneInputs: gaussDbZoneInputs,
    flavors: gaussDbFlavors,
};

function restorePoint(from: GaussDbRestoreFrom) {
    return from.backupId !== undefined
        ? { instance_id: from.instanceId, type: "backup" as const, backup_id: from.backupId }
        : { instance_id: from.instanceId, type: "timestamp" as const, restore_time: from.restoreTime ?? 0 };
}

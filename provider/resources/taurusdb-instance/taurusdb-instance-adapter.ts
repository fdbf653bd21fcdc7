import type { InstanceAdapter, InstancePhase, UpdateStep } from "../lifecycle/instance-adapter";
import { taurusDbFlavors, taurusDbZoneInputs } from "./taurusdb-flavors";
import {
    addTaurusDbReadReplicas,
    createTaurusDbInstance,
    deleteTaurusDbInstance,
    deleteTaurusDbNode,
    findTaurusDbInstances,
    resetTaurusDbPassword,
    resizeTaurusDbFlavor,
    TAURUSDB_JOB_NAMES,
    type TaurusDbInstanceApi,
    type TaurusDbNodeApi,
} from "./taurusdb-api";
import { MAX_REPLICAS_AT_CREATE, type TaurusDbInstanceInputs, taurusDbInstanceInputsSchema } from "./taurusdb-instance-inputs";

type Inputs = TaurusDbInstanceInputs;
type Api = TaurusDbInstanceApi;

const PHASES: Record<string, InstancePhase> = { ACTIVE: "ready", BUILD: "building", FAILED: "failed" };

/** Read replicas that exist or are being built; one being deleted no longer counts. */
function replicasOf(instance: Api): TaurusDbNodeApi[] {
    return (instance.nodes ?? []).filter((n) => n.type === "slave" && n.status !== "DELETING");
}

/** The detail has no top-level flavor: the primary's (every node has the instance's flavor). */
function flavorOf(instance: Api): string | undefined {
    const nodes = instance.nodes ?? [];
    return (nodes.find((n) => n.type === "master") ?? nodes[0])?.flavor_ref ?? undefined;
}

/** In place, in this order: each its own request; the first two OTC jobs. */
const UPDATE_STEPS: UpdateStep<Inputs, Api>[] = [
    {
        property: "flavorRef",
        jobName: TAURUSDB_JOB_NAMES.resize,
        needed: (instance, news) => flavorOf(instance) !== news.flavorRef,
        submit: (client, id, news) => resizeTaurusDbFlavor(client, id, news.flavorRef),
    },
    {
        // More: one request adds them all (one job each, comma-joined). Fewer: one node per request (OTC deletes one
        // node per call), the step repeating until the count is the program's.
        property: "readReplicas",
        jobName: TAURUSDB_JOB_NAMES.addNodes,
        repeat: true,
        needed: (instance, news) => replicasOf(instance).length !== news.readReplicas,
        submit: async (client, id, news) => {
            const instance = (await findTaurusDbInstances(client, { id }))[0];
            const replicas = instance ? replicasOf(instance) : [];
            const missing = news.readReplicas - replicas.length;
            if (missing > 0) {
                // Failover priority 1 for each, as the OTC Terraform provider does.
                return addTaurusDbReadReplicas(client, id, Array.from({ length: Math.min(missing, MAX_REPLICAS_AT_CREATE) }, () => 1));
            }
            const last = [...replicas].reverse().find((n) => n.status === "ACTIVE") ?? replicas[replicas.length - 1];
            if (!last || missing === 0) return {};
            return { ...(await deleteTaurusDbNode(client, id, last.id)), jobName: TAURUSDB_JOB_NAMES.deleteNode };
        },
    },
    {
        // Effective at once, no job. OTC cannot report a password, so the state's value decides.
        property: "password",
        needed: (_instance, news, olds) => news.password !== olds.password,
        submit: async (client, id, news) => {
            await resetTaurusDbPassword(client, id, news.password);
            return {};
        },
    },
];

/** Compared when an instance is adopted: a difference means it is not the instance the program describes. */
function adoptionMismatches(instance: Api, inputs: Inputs): string[] {
    const checks: [string, unknown, unknown][] = [
        ["vpcId", instance.vpc_id, inputs.vpcId],
        ["subnetId", instance.subnet_id, inputs.subnetId],
        ["securityGroupId", instance.security_group_id || undefined, inputs.securityGroupId],
        ["availabilityZoneMode", instance.az_mode, inputs.availabilityZoneMode],
        ["masterAvailabilityZone", inputs.availabilityZoneMode === "multi" ? instance.master_az_code : undefined, inputs.masterAvailabilityZone],
        ["datastoreVersion", instance.datastore?.version, inputs.datastoreVersion],
        ["region", instance.region, inputs.region],
    ];
    // A value OTC does not report, or the program leaves to OTC's default, cannot contradict anything.
    return checks
        .filter(([, actual, wanted]) => actual !== undefined && actual !== null && wanted !== undefined && String(actual) !== String(wanted))
        .map(([property, actual, wanted]) => `${property} is ${String(actual)}, the program says ${String(wanted)}`);
}

/** TaurusDB (GaussDB for MySQL) instances: `/v3/{project_id}/instances` on the `gaussdb-mysql` endpoint. */
export const taurusDbInstanceAdapter: InstanceAdapter<Inputs, Api> = {
    typeName: "TaurusDbInstance",
    service: "taurusdb",
    schema: taurusDbInstanceInputsSchema,
    secretInputs: ["password"],
    replaceOn: ["availabilityZoneMode", "masterAvailabilityZone", "vpcId", "subnetId", "securityGroupId", "datastoreVersion"],
    updateSteps: UPDATE_STEPS,
    jobNames: { create: TAURUSDB_JOB_NAMES.create, delete: TAURUSDB_JOB_NAMES.delete },
    maxNameLength: 64,
    outputOnlyKeys: ["privateWriteIps", "nodes", "port"],
    phaseOf: (instance) => PHASES[instance.status] ?? "busy",
    find: findTaurusDbInstances,
    // TaurusDB documents no task list to find a create job in: an adopted instance is waited on by its status.
    findCreateJob: async () => undefined,
    submitCreate: (client, inputs, name, region) =>
        createTaurusDbInstance(client, {
            region,
            name,
            datastore: { type: "gaussdb-mysql", version: inputs.datastoreVersion },
            mode: "Cluster",
            flavor_ref: inputs.flavorRef,
            vpc_id: inputs.vpcId,
            subnet_id: inputs.subnetId,
            ...(inputs.securityGroupId ? { security_group_id: inputs.securityGroupId } : {}),
            password: inputs.password,
            availability_zone_mode: inputs.availabilityZoneMode,
            ...(inputs.masterAvailabilityZone ? { master_availability_zone: inputs.masterAvailabilityZone } : {}),
            slave_count: inputs.readReplicas,
        }),
    submitDelete: (client, id) => deleteTaurusDbInstance(client, id),
    adoptionMismatches,
    observed: (instance, inputs) => ({
        flavorRef: (instance && flavorOf(instance)) ?? inputs.flavorRef,
        readReplicas: instance ? replicasOf(instance).length : inputs.readReplicas,
        region: instance?.region ?? inputs.region,
        privateWriteIps: instance?.private_write_ips ?? [],
        nodes: (instance?.nodes ?? []).map((n) => ({
            id: n.id,
            name: n.name ?? "",
            type: n.type ?? "",
            status: n.status ?? "",
            ...(n.az_code ? { availabilityZone: n.az_code } : {}),
            privateReadIps: n.private_read_ips ?? [],
        })),
        ...(instance?.port !== undefined && instance?.port !== null ? { port: Number(instance.port) } : {}),
    }),
    inputsOfExisting: (instance) => ({
        name: instance.name,
        flavorRef: flavorOf(instance) ?? "",
        datastoreVersion: instance.datastore?.version ?? "",
        availabilityZoneMode: instance.az_mode ?? "single",
        ...(instance.az_mode === "multi" && instance.master_az_code ? { masterAvailabilityZone: instance.master_az_code } : {}),
        vpcId: instance.vpc_id ?? "",
        subnetId: instance.subnet_id ?? "",
        ...(instance.security_group_id ? { securityGroupId: instance.security_group_id } : {}),
        readReplicas: replicasOf(instance).length,
        ...(instance.region ? { region: instance.region } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    }),
    // Rules across properties live here, not in the schema: zod skips refinements of an object with any issue, and
    // at a stack's first preview the ownership token is unknown.
    zoneInputs: taurusDbZoneInputs,
    flavors: taurusDbFlavors,
    checkTransition: (olds, news) => {
        const failures: { property: string; reason: string }[] = [];
        // At create OTC builds at most nine replicas: refuse rather than half-do it. An existing instance (olds
        // set) grows by any number, nine per request.
        const creating = olds["instanceName"] === undefined && olds["readReplicas"] === undefined;
        const replicas = news["readReplicas"];
        if (creating && typeof replicas === "number" && replicas > MAX_REPLICAS_AT_CREATE) {
            failures.push({ property: "readReplicas", reason: `readReplicas must be at most ${MAX_REPLICAS_AT_CREATE} when the instance is created (OTC builds at most nine at a time); add more afterwards` });
        }
        // The reference: mandatory with "multi", not allowed with "single" (the default). A missing property is
        // reported on the mode: the engine does not show a failure of a property the inputs do not have.
        const mode = news["availabilityZoneMode"] ?? "single";
        const master = news["masterAvailabilityZone"];
        if (mode === "multi" && master === undefined) {
            failures.push({ property: "availabilityZoneMode", reason: `availabilityZoneMode is "multi", which needs masterAvailabilityZone (the primary's AZ, e.g. "eu-de-01")` });
        }
        if (mode === "single" && master !== undefined) {
            failures.push({ property: "masterAvailabilityZone", reason: `masterAvailabilityZone must not be set when availabilityZoneMode is "single"` });
        }
        return failures;
    },
};

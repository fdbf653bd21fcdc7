import { randomBytes } from "node:crypto";
import { instanceBusy, instanceNotFound, invalidParameter } from "../core/api-error";
import { OPENGAUSS_CATALOGUE, requireFlavor } from "../core/catalogue";
import { submitJob } from "../core/job-submission";
import type { StoredInstance } from "../core/model";
import { type CreateInstanceRequest, validateCreateInstance, validateVolumeSize, validatePassword } from "./validation";
import { integerQuery, parseJsonObject, requiredString, sha256, validateInstanceName } from "../core/request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import { createdInstanceView, instanceView } from "./views";

// Simulator defaults for what the create request may leave out.
const DEFAULT_DATASTORE_VERSION = "3.208";
const DEFAULT_CONSISTENCY = "strong";
const DEFAULT_REPLICATION_MODE = "sync";
const DATABASE_PORT = "8000";

/** `POST /v3/{pid}/instances`. Names are not unique: two creates with one name make two instances. */
export function createInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instance = newInstance(validateCreateInstance(parseJsonObject(request.body)), request.nowMs);
    runtime.store.project(request.projectId).instances.set(instance.id, instance);
    const job = submitJob(runtime, request, instance, { kind: "create" });
    runtime.counters.createRequests++;
    runtime.store.save();
    return { status: 202, body: { instance: createdInstanceView(instance), job_id: job.id } };
}

/** A new instance (BUILD) from a validated create request, not stored yet. */
export function newInstance(valid: CreateInstanceRequest, nowMs: number): StoredInstance {
    return {
        id: `${randomBytes(16).toString("hex")}in14`,
        name: valid.name,
        status: "BUILD",
        datastore: { type: valid.datastore.type, version: valid.datastore.version ?? DEFAULT_DATASTORE_VERSION },
        ha: {
            mode: valid.ha.mode,
            consistency: valid.ha.consistency ?? DEFAULT_CONSISTENCY,
            replication_mode: valid.ha.replication_mode ?? DEFAULT_REPLICATION_MODE,
        },
        flavorRef: valid.flavorRef,
        volume: { ...valid.volume },
        region: valid.region,
        availabilityZone: valid.availabilityZone,
        vpcId: valid.vpcId,
        subnetId: valid.subnetId,
        securityGroupId: valid.securityGroupId,
        port: valid.port ?? DATABASE_PORT,
        privateIps: [randomPrivateIp()],
        passwordSha256: sha256(valid.password),
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
    };
}

/** `GET /v3/{pid}/instances?id=&name=&offset=&limit=`, newest first. */
export function listInstances(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const offset = integerQuery(request.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(request.query, "limit", 100, 1, 100);
    const id = request.query.get("id") || undefined;
    const name = request.query.get("name") || undefined;
    // A leading `*` asks for a fuzzy (substring) match, as on OTC.
    const matchesName = (candidate: string) =>
        name === undefined || (name.startsWith("*") ? candidate.includes(name.slice(1)) : candidate === name);

    const matching = runtime.store
        .instances(request.projectId)
        .filter((instance) => (id === undefined || instance.id === id) && matchesName(instance.name))
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
    return {
        status: 200,
        body: { instances: matching.slice(offset, offset + limit).map(instanceView), total_count: matching.length },
    };
}

/** `DELETE /v3/{pid}/instances/{id}`. The instance stays listed (DELETING) until the job completes. */
export function deleteInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instance = idleInstance(request, runtime);
    return jobAnswer(runtime, submitJob(runtime, request, instance, { kind: "delete" }).id);
}

/** `PUT /v3/{pid}/instances/{id}/flavor` `{"flavor_ref"}`. */
export function resizeFlavor(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const flavorRef = requiredString(parseJsonObject(request.body), "flavor_ref");
    const instance = idleInstance(request, runtime);
    if (flavorRef === instance.flavorRef) throw invalidParameter("flavor_ref is the current flavor of the DB instance.");
    requireFlavor(OPENGAUSS_CATALOGUE.map((flavor) => flavor.specCode), flavorRef, "flavor_ref");
    return jobAnswer(runtime, submitJob(runtime, request, instance, { kind: "resize", flavorRef }).id);
}

/** `POST /v3/{pid}/instances/{id}/action`; the simulator knows only `enlarge_volume`. */
export function instanceAction(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const body = parseJsonObject(request.body);
    const enlarge = body["enlarge_volume"];
    if (typeof enlarge !== "object" || enlarge === null || Array.isArray(enlarge)) {
        throw invalidParameter("enlarge_volume is required (the only action the OTC simulator supports).");
    }
    const size: unknown = (enlarge as Record<string, unknown>)["size"];
    if (typeof size !== "number" || !Number.isInteger(size)) {
        throw invalidParameter("enlarge_volume.size must be an integer.");
    }
    validateVolumeSize(size);
    const instance = idleInstance(request, runtime);
    if (size <= instance.volume.size) {
        throw invalidParameter(`enlarge_volume.size must be greater than the current size (${instance.volume.size} GB).`);
    }
    return jobAnswer(runtime, submitJob(runtime, request, instance, { kind: "enlarge", size }).id);
}

/** `PUT /v3/{pid}/instances/{id}/name` `{"name"}`. */
export function renameInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const name = validateInstanceName(parseJsonObject(request.body)["name"]);
    const instance = idleInstance(request, runtime);
    return jobAnswer(runtime, submitJob(runtime, request, instance, { kind: "rename", name }).id);
}

/** `POST /v3/{pid}/instances/{id}/password` `{"password"}`: synchronous, no job. */
export function resetPassword(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const password = validatePassword(parseJsonObject(request.body)["password"]);
    const instance = idleInstance(request, runtime);
    instance.passwordSha256 = sha256(password);
    instance.updatedAtMs = request.nowMs;
    runtime.store.save();
    return { status: 200, body: {} };
}

/** The addressed instance, which must exist and have no job running (OTC answers 409 otherwise). */
export function idleInstance(request: RouteRequest, runtime: SimulatorRuntime): StoredInstance {
    const instances = runtime.store.project(request.projectId).instances;
    const instance = request.instanceId === undefined ? undefined : instances.get(request.instanceId);
    if (!instance) throw instanceNotFound();
    if (runtime.store.runningJob(request.projectId, instance.id)) throw instanceBusy();
    return instance;
}

export function jobAnswer(runtime: SimulatorRuntime, jobId: string): JsonAnswer {
    runtime.store.save();
    return { status: 202, body: { job_id: jobId } };
}

function randomPrivateIp(): string {
    const [third = 0, fourth = 0] = randomBytes(2);
    return `192.168.${third}.${1 + (fourth % 254)}`;
}

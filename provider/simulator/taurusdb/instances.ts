import { randomBytes } from "node:crypto";
import { instanceBusy, instanceNotFound, invalidParameter, SimulatorApiError } from "../core/api-error";
import { integerQuery, parseJsonObject, sha256 } from "../core/request-parsing";
import { startJob } from "../core/job-submission";
import type { StoredJob } from "../core/model";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import {
    type StoredTaurusDbInstance,
    type StoredTaurusDbNode,
    TAURUSDB_JOB_DURATIONS_MS,
    TAURUSDB_JOB_NAMES,
    TAURUSDB_PENDING_SHARE,
    type TaurusDbJobAction,
} from "./model";
import { validatePriorities, validateSpecCode, validateTaurusDbCreate, validateTaurusDbPassword } from "./validation";
import { taurusDbCreatedView, taurusDbDetailView, taurusDbListView } from "./views";

const SERVICE = "taurusdb";
const DATABASE_PORT = "3306";
// Simulator guess for a single-AZ instance's AZ (OTC picks one).
const DEFAULT_AZ = "eu-de-01";

function instancesOf(runtime: SimulatorRuntime, projectId: string): Map<string, StoredTaurusDbInstance> {
    return runtime.store.project<StoredTaurusDbInstance>(projectId, SERVICE).instances;
}

/** `POST /v3/{pid}/instances`: 201 `{instance, job_id}`; the primary and `slave_count` read replicas are built. */
export function createTaurusDbInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const valid = validateTaurusDbCreate(parseJsonObject(request.body));
    const masterAz = valid.masterAz ?? DEFAULT_AZ;
    const instance: StoredTaurusDbInstance = {
        id: `${randomBytes(16).toString("hex")}in07`,
        name: valid.name,
        status: "BUILD",
        region: valid.region,
        version: valid.version,
        flavorRef: valid.flavorRef,
        vpcId: valid.vpcId,
        subnetId: valid.subnetId,
        securityGroupId: valid.securityGroupId,
        azMode: valid.azMode,
        masterAz,
        port: DATABASE_PORT,
        privateWriteIp: randomPrivateIp(),
        nodes: [],
        passwordSha256: sha256(valid.password),
        nodeSeq: 0,
        createdAtMs: request.nowMs,
        updatedAtMs: request.nowMs,
    };
    addNode(instance, "master", 1, "BUILD");
    for (let i = 0; i < valid.slaveCount; i++) addNode(instance, "slave", 1, "BUILD");
    instancesOf(runtime, request.projectId).set(instance.id, instance);
    const job = submit(runtime, request, instance, "create", {});
    runtime.counters.createRequests++;
    runtime.store.save();
    return { status: 201, body: { instance: taurusDbCreatedView(instance, valid.slaveCount), job_id: job.id } };
}

/** `GET /v3/{pid}/instances?id=&name=&offset=&limit=`, newest first; a leading `*` is a fuzzy match. */
export function listTaurusDbInstances(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const offset = integerQuery(request.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(request.query, "limit", 100, 1, 100);
    const matches = (value: string, wanted: string | null) =>
        !wanted || (wanted.startsWith("*") ? value.includes(wanted.slice(1)) : value === wanted);
    const matching = [...instancesOf(runtime, request.projectId).values()]
        .filter((i) => matches(i.id, request.query.get("id")) && matches(i.name, request.query.get("name")))
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
    return { status: 200, body: { instances: matching.slice(offset, offset + limit).map(taurusDbListView), total_count: matching.length } };
}

/** `GET /v3/{pid}/instances/{id}`: the detail, with nodes; 404 DBS.200002 when there is no such instance. */
export function showTaurusDbInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    return { status: 200, body: { instance: taurusDbDetailView(existing(request, runtime)) } };
}

/** `DELETE /v3/{pid}/instances/{id}`: 200 `{job_id}`; listed until the job completes. */
export function deleteTaurusDbInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instance = idle(request, runtime);
    return jobAnswer(runtime, 200, submit(runtime, request, instance, "delete", {}).id);
}

/** `POST /v3/{pid}/instances/{id}/action` `{"resize_flavor":{"spec_code"}}`: 200 `{job_id}`. */
export function resizeTaurusDbFlavor(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const specCode = validateSpecCode(parseJsonObject(request.body));
    const instance = idle(request, runtime);
    if (specCode === instance.flavorRef) throw invalidParameter("resize_flavor.spec_code is the current specification of the DB instance.");
    return jobAnswer(runtime, 200, submit(runtime, request, instance, "resize", { specCode }).id);
}

/**
 * `POST /v3/{pid}/instances/{id}/nodes/enlarge` `{"priorities":[…]}`: 201 `{instance_id, node_names, job_id}`, one
 * job per new replica, their ids comma-joined in `job_id` (as the OTC Terraform provider reads it).
 */
export function enlargeTaurusDbNodes(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const priorities = validatePriorities(parseJsonObject(request.body));
    const instance = idle(request, runtime);
    // UNVERIFIED: TaurusDB allows at most 15 read replicas per instance; DBS.200056 is its "maximum number of nodes".
    if (slaves(instance).length + priorities.length > 15) {
        throw new SimulatorApiError(400, "DBS.200056", "The maximum number of nodes has been reached.");
    }
    const nodes = priorities.map((priority) => addNode(instance, "slave", priority, "BUILD"));
    const jobs = nodes.map((node) => submit(runtime, request, instance, "addNode", { nodeId: node.id }));
    runtime.store.save();
    return { status: 201, body: { instance_id: instance.id, node_names: nodes.map((n) => n.name), job_id: jobs.map((j) => j.id).join(",") } };
}

/** `DELETE /v3/{pid}/instances/{id}/nodes/{node}`: 200 `{job_id}`; the primary and the last replica stay. */
export function deleteTaurusDbNode(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const nodeId = decodeURIComponent(request.path.split("/").pop() ?? "");
    const instance = idle(request, runtime);
    const node = instance.nodes.find((n) => n.id === nodeId);
    if (!node) throw new SimulatorApiError(400, "DBS.212005", "The node does not belong to the group.");
    if (node.type === "master") throw invalidParameter("the primary node cannot be deleted.");
    if (slaves(instance).length <= 1) throw invalidParameter("the last read replica cannot be deleted.");
    node.status = "DELETING";
    return jobAnswer(runtime, 200, submit(runtime, request, instance, "deleteNode", { nodeId }).id);
}

/** `POST /v3/{pid}/instances/{id}/password` `{"password"}`: 200, no job. */
export function resetTaurusDbPassword(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const password = validateTaurusDbPassword(parseJsonObject(request.body)["password"]);
    const instance = idle(request, runtime);
    instance.passwordSha256 = sha256(password);
    instance.updatedAtMs = request.nowMs;
    runtime.store.save();
    return { status: 200, body: {} };
}

/** Read replicas that exist or are being built (not those being deleted). */
function slaves(instance: StoredTaurusDbInstance): StoredTaurusDbNode[] {
    return instance.nodes.filter((n) => n.type === "slave" && n.status !== "DELETING");
}

function addNode(instance: StoredTaurusDbInstance, type: "master" | "slave", priority: number, status: string): StoredTaurusDbNode {
    instance.nodeSeq++;
    const node: StoredTaurusDbNode = {
        id: `${randomBytes(16).toString("hex")}no07`,
        name: `${instance.name}_node${String(instance.nodeSeq).padStart(2, "0")}`,
        type,
        status,
        flavorRef: instance.flavorRef,
        azCode: instance.masterAz,
        priority,
        privateReadIp: randomPrivateIp(),
    };
    instance.nodes.push(node);
    return node;
}

function submit(
    runtime: SimulatorRuntime,
    request: RouteRequest,
    instance: StoredTaurusDbInstance,
    action: TaurusDbJobAction,
    data: Record<string, unknown>,
): StoredJob {
    const pendingShare = TAURUSDB_PENDING_SHARE[action];
    return startJob(runtime, request, instance, {
        service: SERVICE,
        name: TAURUSDB_JOB_NAMES[action],
        change: { kind: "service", action, data },
        statusWhileRunning: action === "create" ? "BUILD" : action === "delete" ? "DELETING" : "MODIFYING",
        durationMs: TAURUSDB_JOB_DURATIONS_MS[action],
        ...(pendingShare ? { pendingShare } : {}),
    });
}

function existing(request: RouteRequest, runtime: SimulatorRuntime): StoredTaurusDbInstance {
    const instance = request.instanceId === undefined ? undefined : instancesOf(runtime, request.projectId).get(request.instanceId);
    if (!instance) throw instanceNotFound();
    return instance;
}

/** The addressed instance, which must exist and have no job running (409 DBS.200019 otherwise). */
function idle(request: RouteRequest, runtime: SimulatorRuntime): StoredTaurusDbInstance {
    const instance = existing(request, runtime);
    if (runtime.store.runningJob(request.projectId, instance.id, SERVICE)) throw instanceBusy();
    return instance;
}

function jobAnswer(runtime: SimulatorRuntime, status: number, jobId: string): JsonAnswer {
    runtime.store.save();
    return { status, body: { job_id: jobId } };
}

function randomPrivateIp(): string {
    const [third = 0, fourth = 0] = randomBytes(2);
    return `192.168.${third}.${1 + (fourth % 254)}`;
}

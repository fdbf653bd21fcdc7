import { listTaurusDbFlavors } from "../core/flavor-routes";
import type { ProjectState, StoredJob, StoredRecord } from "../core/model";
import type { SimulatorService } from "../core/service";
import {
    createTaurusDbInstance,
    deleteTaurusDbInstance,
    deleteTaurusDbNode,
    enlargeTaurusDbNodes,
    listTaurusDbInstances,
    resetTaurusDbPassword,
    resizeTaurusDbFlavor,
    showTaurusDbInstance,
} from "./instances";
import { applyTaurusDbBackupOutcome, createTaurusDbBackup, deleteTaurusDbBackup, listTaurusDbBackups } from "./backups";
import type { StoredTaurusDbInstance } from "./model";
import { taskCenterRoutes } from "../core/task-routes";
import { taurusDbJobView } from "./views";

const taskCenter = taskCenterRoutes("taurusdb", { job: taurusDbJobView });

/**
 * TaurusDB (GaussDB for MySQL, `gaussdb-mysql.<region>…`): instances, read replicas, manual backups and the single-job task
 * center, also under its legacy prefix `/mysql/v3/{pid}/jobs` (seed 003). It has no task list. To simulate a
 * region where only the legacy job path exists, add an `http-error` fault (404 APIGW.0101) on the path
 * `^/gaussdb-mysql/v3/[^/]+/jobs$`.
 */
export const TAURUSDB_SIMULATOR_SERVICE: SimulatorService = {
    name: "taurusdb",
    prefixes: ["/gaussdb-mysql"],
    hostLabels: ["gaussdb-mysql", "taurusdb"],
    statsPrefix: "/gaussdb-mysql",
    applyJobOutcome: applyTaurusDbJobOutcome,
    routes: [
        { method: "POST", template: "/v3/{pid}/instances", handler: createTaurusDbInstance },
        { method: "GET", template: "/v3/{pid}/instances", handler: listTaurusDbInstances },
        { method: "GET", template: "/v3/{pid}/instances/{id}", handler: showTaurusDbInstance },
        { method: "DELETE", template: "/v3/{pid}/instances/{id}", handler: deleteTaurusDbInstance },
        { method: "POST", template: "/v3/{pid}/instances/{id}/action", handler: resizeTaurusDbFlavor },
        { method: "POST", template: "/v3/{pid}/instances/{id}/nodes/enlarge", handler: enlargeTaurusDbNodes },
        { method: "DELETE", template: "/v3/{pid}/instances/{id}/nodes/{node}", handler: deleteTaurusDbNode },
        { method: "POST", template: "/v3/{pid}/instances/{id}/password", handler: resetTaurusDbPassword },
        { method: "POST", template: "/v3/{pid}/backups/create", handler: createTaurusDbBackup },
        { method: "GET", template: "/v3/{pid}/backups", handler: listTaurusDbBackups },
        { method: "DELETE", template: "/v3/{pid}/backups/{id}", handler: deleteTaurusDbBackup },
        { method: "GET", template: "/v3/{pid}/jobs", handler: taskCenter.getJob },
        { method: "GET", template: "/v3/{pid}/flavors/{id}", handler: listTaurusDbFlavors },
        { method: "GET", template: "/mysql/v3/{pid}/jobs", handler: taskCenter.getJob },
    ],
};

/**
 * Applies an ended TaurusDB job. A failed create leaves a FAILED instance (the user deletes it, as on OTC); a failed
 * replica add drops that replica; a backup job completes or fails its backup; any other failure changes nothing. The instance is ACTIVE again once no other job
 * of it is still running (several replica jobs run at once).
 */
export function applyTaurusDbJobOutcome(project: ProjectState<StoredRecord>, job: StoredJob, outcome: "Completed" | "Failed", atMs: number): void {
    const instance = (project as ProjectState<StoredTaurusDbInstance>).instances.get(job.instanceId);
    if (!instance || job.change.kind !== "service") return;
    applyTaurusDbBackupOutcome(project, job, outcome, atMs);
    const { action, data } = job.change;
    const nodeId = data["nodeId"];
    instance.updatedAtMs = atMs;
    if (outcome === "Completed") {
        switch (action) {
            case "create":
                for (const node of instance.nodes) node.status = "ACTIVE";
                break;
            case "resize":
                instance.flavorRef = String(data["specCode"]);
                for (const node of instance.nodes) node.flavorRef = instance.flavorRef;
                break;
            case "addNode":
                for (const node of instance.nodes) if (node.id === nodeId) node.status = "ACTIVE";
                break;
            case "deleteNode":
                instance.nodes = instance.nodes.filter((n) => n.id !== nodeId);
                break;
            case "delete":
                project.instances.delete(instance.id);
                return;
        }
    } else if (action === "create") {
        instance.status = "FAILED";
        return;
    } else if (action === "addNode") {
        instance.nodes = instance.nodes.filter((n) => n.id !== nodeId);
    } else if (action === "deleteNode") {
        for (const node of instance.nodes) if (node.id === nodeId) node.status = "ACTIVE";
    }
    const othersRunning = [...project.jobs.values()].some((j) => j !== job && j.instanceId === instance.id && !j.settled);
    if (!othersRunning) instance.status = "ACTIVE";
}

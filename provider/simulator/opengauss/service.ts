import { applyGaussDbServiceJobOutcome, createBackup, deleteBackup, listBackups } from "./backups";
import { createOrRestoreInstance } from "./restore";
import {
    deleteInstance,
    instanceAction,
    listInstances,
    renameInstance,
    resetPassword,
    resizeFlavor,
} from "./instances";
import { listOpenGaussFlavors } from "../core/flavor-routes";
import { restartInstance } from "./restart";
import type { SimulatorService } from "../core/service";
import { taskCenterRoutes } from "../core/task-routes";
import { jobView, taskView } from "./views";

const taskCenter = taskCenterRoutes("gaussdb", { job: jobView, task: taskView });

/**
 * GaussDB (openGauss): instances (and restores into new ones), manual backups and the task center. Served at the
 * root too, where 0.1.0's simulator served it, so stacks configured with the bare simulator URL keep working.
 */
export const GAUSSDB_SIMULATOR_SERVICE: SimulatorService = {
    name: "gaussdb",
    prefixes: ["", "/gaussdb"],
    hostLabels: ["gaussdb", "opengauss"],
    statsPrefix: "",
    applyJobOutcome: applyGaussDbServiceJobOutcome,
    routes: [
        { method: "POST", template: "/v3/{pid}/instances", handler: createOrRestoreInstance },
        { method: "GET", template: "/v3/{pid}/instances", handler: listInstances },
        { method: "DELETE", template: "/v3/{pid}/instances/{id}", handler: deleteInstance },
        { method: "PUT", template: "/v3/{pid}/instances/{id}/flavor", handler: resizeFlavor },
        { method: "POST", template: "/v3/{pid}/instances/{id}/action", handler: instanceAction },
        { method: "POST", template: "/v3/{pid}/instances/{id}/password", handler: resetPassword },
        { method: "PUT", template: "/v3/{pid}/instances/{id}/name", handler: renameInstance },
        { method: "POST", template: "/v3/{pid}/instances/{id}/restart", handler: restartInstance },
        { method: "POST", template: "/v3/{pid}/backups", handler: createBackup },
        { method: "GET", template: "/v3/{pid}/backups", handler: listBackups },
        { method: "DELETE", template: "/v3/{pid}/backups/{id}", handler: deleteBackup },
        { method: "GET", template: "/v3/{pid}/jobs", handler: taskCenter.getJob },
        { method: "GET", template: "/v3/{pid}/tasks", handler: taskCenter.listTasks },
        { method: "GET", template: "/v3/{pid}/flavors", handler: listOpenGaussFlavors },
    ],
};

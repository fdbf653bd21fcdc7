import { applyGaussDbServiceJobOutcome, createBackup, deleteBackup, listBackups } from "./simulator-gaussdb-backups";
import { createOrRestoreInstance } from "./simulator-gaussdb-restore";
import {
    deleteInstance,
    instanceAction,
    listInstances,
    renameInstance,
    resetPassword,
    resizeFlavor,
} from "./simulator-instance-routes";
import { listOpenGaussFlavors } from "./simulator-flavor-routes";
import { restartInstance } from "./simulator-restart-route";
import type { SimulatorService } from "./simulator-service";
import { taskCenterRoutes } from "./simulator-task-routes";
import { jobView, taskView } from "./simulator-views";

const taskCenter = taskCenterRoutes("gaussdb", { job: jobView, task: taskView });

/**
 * GaussDB (openGauss): instances (and restores into new ones), manual backups and the task center. Served at the
 * root too, where 0.1.0's simulator served it, so stacks configured with the bare simulator URL keep working.
 */
export const GAUSSDB_SIMULATOR_SERVICE: SimulatorService = {
    name: "gaussdb",
    prefixes: ["", "/gaussdb"],
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

import {
    createInstance,
    deleteInstance,
    instanceAction,
    listInstances,
    renameInstance,
    resetPassword,
    resizeFlavor,
} from "./simulator-instance-routes";
import type { RouteDefinition } from "./simulator-router";
import { getJob, listTasks } from "./simulator-task-routes";

/** The OTC API the simulator serves: GaussDB (openGauss) instances and the task center. */
export const OTC_ROUTES: readonly RouteDefinition[] = [
    { method: "POST", template: "/v3/{pid}/instances", handler: createInstance },
    { method: "GET", template: "/v3/{pid}/instances", handler: listInstances },
    { method: "DELETE", template: "/v3/{pid}/instances/{id}", handler: deleteInstance },
    { method: "PUT", template: "/v3/{pid}/instances/{id}/flavor", handler: resizeFlavor },
    { method: "POST", template: "/v3/{pid}/instances/{id}/action", handler: instanceAction },
    { method: "POST", template: "/v3/{pid}/instances/{id}/password", handler: resetPassword },
    { method: "PUT", template: "/v3/{pid}/instances/{id}/name", handler: renameInstance },
    { method: "GET", template: "/v3/{pid}/jobs", handler: getJob },
    { method: "GET", template: "/v3/{pid}/tasks", handler: listTasks },
];

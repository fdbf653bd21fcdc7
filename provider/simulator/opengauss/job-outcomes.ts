import type { InstanceStatus, ProjectState, StoredJob, StoredRecord } from "../core/model";

/**
 * Applies an ended GaussDB job to its instance. Only the effect of a completed job changes the instance's
 * configuration; a failed one leaves it as it was (a failed create leaves a FAILED instance behind, as on
 * OTC, which the user must delete).
 */
export function applyGaussDbJobOutcome(
    project: ProjectState<StoredRecord>,
    job: StoredJob,
    outcome: "Completed" | "Failed",
    atMs: number,
): void {
    const instance = (project as ProjectState).instances.get(job.instanceId);
    if (!instance) return;
    instance.updatedAtMs = atMs;
    if (outcome === "Failed") {
        instance.status = job.change.kind === "create" ? "FAILED" : (job.instanceStatusBefore as InstanceStatus);
        return;
    }
    switch (job.change.kind) {
        case "create":
            instance.status = "ACTIVE";
            return;
        case "resize":
            instance.flavorRef = job.change.flavorRef;
            break;
        case "enlarge":
            instance.volume = { ...instance.volume, size: job.change.size };
            break;
        case "rename":
            instance.name = job.change.name;
            break;
        case "restart":
            break;
        case "delete":
            project.instances.delete(instance.id);
            return;
        case "service":
            return;
    }
    instance.status = job.instanceStatusBefore as InstanceStatus;
}

import type { ProjectState, StoredJob } from "./simulator-model";

/**
 * Applies an ended job to its instance. Only the effect of a completed job changes the instance's
 * configuration; a failed one leaves it as it was (a failed create leaves a FAILED instance behind, as on
 * OTC, which the user must delete).
 */
export function applyJobOutcome(
    project: ProjectState,
    job: StoredJob,
    outcome: "Completed" | "Failed",
    atMs: number,
): void {
    const instance = project.instances.get(job.instanceId);
    if (!instance) return;
    instance.updatedAtMs = atMs;
    if (outcome === "Failed") {
        instance.status = job.change.kind === "create" ? "FAILED" : job.instanceStatusBefore;
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
        case "delete":
            project.instances.delete(instance.id);
            return;
    }
    instance.status = job.instanceStatusBefore;
}

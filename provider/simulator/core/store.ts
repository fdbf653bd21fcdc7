import type { JobOutcomeApplier } from "./service";
import { jobEndMs, observeJob } from "./jobs";
import type { ProjectState, SimulatorServiceName, SimulatorState, StoredInstance, StoredJob, StoredRecord } from "./model";
import { emptyState } from "./model";
import { SimulatorStateFile } from "./state-file";

/**
 * Instances and jobs of every project, optionally persisted. Callers mutate what {@link project} returns
 * and then call {@link save}; ended jobs are applied by {@link settle}, which the server calls before
 * answering anything, so the simulator needs no timers.
 */
export class SimulatorStore {
    private state: SimulatorState;

    constructor(
        private readonly file: SimulatorStateFile | undefined,
        /** How each service applies its ended jobs. */
        private readonly outcomes: Readonly<Record<SimulatorServiceName, JobOutcomeApplier>>,
    ) {
        this.state = file ? file.load() : emptyState();
    }

    /**
     * One service's state in a project, created empty on first use (OTC has no notion of an unknown project here).
     * Each service keeps its own instances and jobs, as each OTC service does.
     */
    project<I extends StoredRecord = StoredInstance>(projectId: string, service: SimulatorServiceName = "gaussdb"): ProjectState<I> {
        const key = projectKey(projectId, service);
        let project = this.state.projects.get(key);
        if (!project) {
            project = { instances: new Map(), jobs: new Map() };
            this.state.projects.set(key, project);
        }
        return project as unknown as ProjectState<I>;
    }

    nextSeq(): number {
        return this.state.nextSeq++;
    }

    /** The job still running on the instance, if any (a job counts as running until it has settled). */
    runningJob(projectId: string, instanceId: string, service: SimulatorServiceName = "gaussdb"): StoredJob | undefined {
        for (const job of this.project(projectId, service).jobs.values()) {
            if (job.instanceId === instanceId && !job.settled) return job;
        }
        return undefined;
    }

    /** Applies every job that has ended by `nowMs`, oldest end first; persists when anything changed. */
    settle(nowMs: number): void {
        const ended: { project: ProjectState; job: StoredJob; endMs: number }[] = [];
        for (const project of this.state.projects.values()) {
            for (const job of project.jobs.values()) {
                if (job.settled) continue;
                const endMs = jobEndMs(job);
                if (endMs <= nowMs) ended.push({ project, job, endMs });
            }
        }
        if (ended.length === 0) return;
        ended.sort((a, b) => a.endMs - b.endMs || a.job.seq - b.job.seq);
        for (const { project, job, endMs } of ended) {
            const outcome = observeJob(job, nowMs).status === "Failed" ? "Failed" : "Completed";
            this.outcomes[job.service ?? "gaussdb"](project as unknown as ProjectState<StoredRecord>, job, outcome, endMs);
            job.settled = true;
        }
        this.save();
    }

    save(): void {
        this.file?.save(this.state);
    }

    clear(): void {
        this.state = emptyState();
        this.save();
    }

    counts(): { instances: number; instancesByProject: Record<string, number>; jobs: number } {
        const instancesByProject: Record<string, number> = {};
        let instances = 0;
        let jobs = 0;
        for (const [projectId, project] of this.state.projects) {
            instances += project.instances.size;
            jobs += project.jobs.size;
            if (project.instances.size > 0) instancesByProject[projectId] = project.instances.size;
        }
        return { instances, instancesByProject, jobs };
    }

    /** Every live instance, for tests that look at what the wire never shows (the password hash). */
    instances<I extends StoredRecord = StoredInstance>(projectId: string, service: SimulatorServiceName = "gaussdb"): I[] {
        return [...this.project<I>(projectId, service).instances.values()];
    }
}

/** GaussDB's projects keep the bare project id, as in state files written before other services existed. */
export function projectKey(projectId: string, service: SimulatorServiceName): string {
    return service === "gaussdb" ? projectId : `${service}/${projectId}`;
}

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProjectState, SimulatorState, StoredBackup, StoredInstance, StoredJob } from "./model";
import { emptyState } from "./model";

const STATE_FILE_NAME = "state.json";
const FORMAT_VERSION = 1;
/** Far above any state the simulator writes; a larger file is not one of ours. */
const MAX_STATE_FILE_BYTES = 256 * 1024 * 1024;

/** The state file exists but cannot be used; the simulator refuses to start rather than lose it. */
export class SimulatorStateFileError extends Error {
    override readonly name = "SimulatorStateFileError";
}

interface StateFileContent {
    version: number;
    nextSeq: number;
    projects: Record<string, { instances: StoredInstance[]; jobs: StoredJob[]; backups?: StoredBackup[] }>;
}

/** Reads and writes `dataDir/state.json`. */
export class SimulatorStateFile {
    readonly path: string;

    constructor(readonly dataDir: string) {
        this.path = join(dataDir, STATE_FILE_NAME);
    }

    /**
     * Fails at start, naming the path and what is wrong, when the directory cannot hold the state: not a directory,
     * not creatable or writable, or a `state.json` that is not a regular file. The last case used to hang the
     * start-up: a symlink to /dev/zero was read forever at full CPU, a FIFO blocked it, neither ever answering.
     */
    checkUsable(): void {
        const fail = (why: string) => new SimulatorStateFileError(`Cannot use --data-dir ${this.dataDir}: ${why}`);
        if (existsSync(this.dataDir) && !statSync(this.dataDir).isDirectory()) throw fail("it exists and is not a directory");
        try {
            mkdirSync(this.dataDir, { recursive: true });
        } catch (error) {
            throw fail(`cannot create it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        }
        if (existsSync(this.path)) {
            const stat = statSync(this.path);
            if (!stat.isFile()) {
                const kind = stat.isDirectory() ? "a directory" : stat.isFIFO() ? "a FIFO" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : stat.isSocket() ? "a socket" : "not a file";
                throw fail(`${this.path} is ${kind}, not a regular file; move it away or choose another directory`);
            }
            if (stat.size > MAX_STATE_FILE_BYTES) throw fail(`${this.path} is ${stat.size} bytes, more than a simulator state can be`);
        }
        // A write now, not at the first request: a read-only or full disk is reported at start, not as a 500 later.
        const probe = join(this.dataDir, `.write-test.${process.pid}.${randomBytes(4).toString("hex")}`);
        try {
            writeFileSync(probe, "");
        } catch (error) {
            throw fail(`cannot write in it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        } finally {
            rmSync(probe, { force: true });
        }
    }

    load(): SimulatorState {
        this.checkUsable();
        if (!existsSync(this.path)) return emptyState();
        let content: unknown;
        try {
            content = JSON.parse(readFileSync(this.path, "utf8"));
        } catch (error) {
            throw new SimulatorStateFileError(`Cannot read simulator state ${this.path}: ${(error as Error).message}`);
        }
        return fromFileContent(content, this.path);
    }

    // Written to a temporary file and renamed over the old one, so a simulator killed mid-write leaves the
    // previous state intact. No fsync: this protects against a crashed process, not a lost machine.
    save(state: SimulatorState): void {
        mkdirSync(this.dataDir, { recursive: true });
        const tmpPath = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        try {
            writeFileSync(tmpPath, JSON.stringify(toFileContent(state)));
            renameSync(tmpPath, this.path);
        } catch (error) {
            rmSync(tmpPath, { force: true });
            throw error;
        }
    }
}

function toFileContent(state: SimulatorState): StateFileContent {
    const projects: StateFileContent["projects"] = {};
    for (const [projectId, project] of state.projects) {
        projects[projectId] = { instances: [...project.instances.values()], jobs: [...project.jobs.values()] };
        // Written only when there are backups, so a state without any reads the same as before backups existed.
        if (project.backups && project.backups.size > 0) projects[projectId].backups = [...project.backups.values()];
    }
    return { version: FORMAT_VERSION, nextSeq: state.nextSeq, projects };
}

// Only the envelope is checked: the file is written by this module, so a deeper check would guard against
// hand edits at the price of a schema kept in sync by hand.
function fromFileContent(content: unknown, path: string): SimulatorState {
    const fail = (why: string) => new SimulatorStateFileError(`Cannot use simulator state ${path}: ${why}`);
    if (!isRecord(content)) throw fail("not a JSON object");
    if (content["version"] !== FORMAT_VERSION) throw fail(`unsupported version ${JSON.stringify(content["version"])}`);
    const nextSeq = content["nextSeq"];
    const projects = content["projects"];
    if (typeof nextSeq !== "number" || !isRecord(projects)) throw fail("missing nextSeq or projects");
    const state = emptyState();
    state.nextSeq = nextSeq;
    for (const [projectId, value] of Object.entries(projects)) {
        if (!isRecord(value) || !Array.isArray(value["instances"]) || !Array.isArray(value["jobs"])) {
            throw fail(`project ${projectId} lacks instances or jobs`);
        }
        const project: ProjectState = { instances: new Map(), jobs: new Map() };
        for (const instance of value["instances"] as StoredInstance[]) project.instances.set(instance.id, instance);
        for (const job of value["jobs"] as StoredJob[]) project.jobs.set(job.id, job);
        if (Array.isArray(value["backups"])) {
            project.backups = new Map((value["backups"] as StoredBackup[]).map((backup) => [backup.id, backup]));
        }
        state.projects.set(projectId, project);
    }
    return state;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

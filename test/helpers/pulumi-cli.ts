import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseDocument } from "yaml";
import { SECRET_SIGNATURE_KEY } from "./pulumi-secret";

export const REPO_ROOT = join(__dirname, "..", "..");

let cachedPath: string | undefined;

/** PATH with the Pulumi CLI (built from the Go module proxy when missing), the language host and the launcher. */
export function pulumiPath(): string {
    cachedPath ??= execFileSync("bash", ["-c", 'source scripts/pulumi-env.sh >/dev/null && printf %s "$PATH"'], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    return cachedPath;
}

export interface RunResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** stdout and stderr together, for assertions on what a user sees. */
    output: string;
}

export interface StackOptions {
    /** Pulumi project directory. Default: the repository root (the example stack). */
    projectDir?: string;
    /** Plain config values (`key` or `ns:key`). */
    config?: Record<string, string>;
    /** Config values set with `--secret`. */
    secrets?: Record<string, string>;
    /** Extra environment for every command (OS_* credentials, say). */
    env?: Record<string, string>;
    /** The stack name. Default: a random one. */
    name?: string;
    /** The contents of the stack's config file (its encryption salt, config and secrets) instead of a fresh one. */
    configFileContent?: string;
}

/**
 * One stack of a real Pulumi project, with its own local file backend, PULUMI_HOME and config file in a temp
 * directory, driven through the real `pulumi` CLI.
 */
export class TestStack {
    readonly dir: string;
    readonly name: string;
    readonly configFile: string;
    private readonly projectDir: string;
    /** The project's name (from its Pulumi.yaml): the namespace of its config keys and its folder in the backend. */
    private readonly projectName: string;
    private readonly env: NodeJS.ProcessEnv;
    private readonly options: StackOptions;

    private constructor(options: StackOptions) {
        this.dir = mkdtempSync(join(tmpdir(), "otc-jobs-e2e-"));
        this.name = options.name ?? `e2e-${Math.random().toString(36).slice(2, 10)}`;
        this.configFile = join(this.dir, `Pulumi.${this.name}.yaml`);
        this.projectDir = options.projectDir ?? REPO_ROOT;
        this.projectName = (parse(readFileSync(join(this.projectDir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
        this.options = options;
        this.env = {
            ...scrubbedEnv(),
            PATH: pulumiPath(),
            PULUMI_HOME: join(this.dir, "home"),
            PULUMI_BACKEND_URL: `file://${join(this.dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            ...options.env,
        };
    }

    static async create(options: StackOptions = {}): Promise<TestStack> {
        const stack = new TestStack(options);
        mkdirSync(join(stack.dir, "state"));
        await stack.init();
        return stack;
    }

    /** `pulumi stack rm --force` (the state is forgotten, the cloud resources stay) and `stack init` of the same name. */
    async recreate(): Promise<void> {
        await this.mustRun(["stack", "rm", "--force", "--yes", "--stack", this.name, "--non-interactive"]);
        await this.init();
    }

    private async init(): Promise<void> {
        await this.mustRun(["stack", "init", this.name, "--non-interactive"]);
        // `stack init` writes the stack's encryption salt beside Pulumi.yaml; keep it with the test instead.
        const written = join(this.projectDir, `Pulumi.${this.name}.yaml`);
        if (existsSync(written)) renameSync(written, this.configFile);
        else writeFileSync(this.configFile, "config: {}\n");
        if (this.options.configFileContent !== undefined) writeFileSync(this.configFile, this.options.configFileContent);
        await this.setSecrets(this.options.secrets ?? {});
        this.writeConfig(this.options.config ?? {});
    }

    /**
     * Sets secrets with `pulumi config set-all --secret`, once per set of values in a test process: the next stack
     * with the same secrets gets the same encryption salt and ciphertexts in its config file instead (each CLI start
     * costs about 0.6 CPU-seconds, and every test makes a stack). A stack whose config file came from a fixture
     * keeps its own salt.
     */
    private async setSecrets(secrets: Record<string, string>): Promise<void> {
        if (Object.keys(secrets).length === 0) return;
        const reusable = this.options.configFileContent === undefined;
        const key = JSON.stringify([this.projectName, this.env["PULUMI_CONFIG_PASSPHRASE"], secrets]);
        const known = reusable ? encryptedSecrets.get(key) : undefined;
        if (known) {
            const document = parseDocument(readFileSync(this.configFile, "utf8"));
            document.set("encryptionsalt", known.salt);
            for (const [name, secure] of Object.entries(known.secure)) document.setIn(["config", name], { secure });
            writeFileSync(this.configFile, document.toString());
            return;
        }
        const pairs = Object.entries(secrets).flatMap(([name, value]) => ["--secret", `${name}=${value}`]);
        await this.mustRun(["config", "set-all", ...this.stackArgs(), ...pairs]);
        if (!reusable) return;
        const written = parse(readFileSync(this.configFile, "utf8")) as { encryptionsalt: string; config: Record<string, { secure: string }> };
        const names = Object.keys(secrets).map((name) => this.qualified(name));
        encryptedSecrets.set(key, {
            salt: written.encryptionsalt,
            secure: Object.fromEntries(names.map((name) => [name, written.config[name]!.secure])),
        });
    }

    /**
     * Plain config values written into the stack's config file, as `pulumi config set` writes them (strings, keys
     * without a namespace in the project's), without a CLI start.
     */
    private writeConfig(values: Record<string, string>): void {
        if (Object.keys(values).length === 0) return;
        const document = parseDocument(readFileSync(this.configFile, "utf8"));
        if (!document.has("config")) document.set("config", {});
        for (const [name, value] of Object.entries(values)) document.setIn(["config", this.qualified(name)], value);
        writeFileSync(this.configFile, document.toString());
    }

    /** `key` in the project's namespace unless it names one (`otc:endpoint`). */
    private qualified(key: string): string {
        return key.includes(":") ? key : `${this.projectName}:${key}`;
    }

    async setConfig(key: string, value: string, secret = false): Promise<void> {
        if (secret) await this.mustRun(["config", "set", ...this.stackArgs(), "--secret", "--", key, value]);
        else this.writeConfig({ [key]: value });
    }

    up(extra: string[] = []): Promise<RunResult> {
        return this.run(["up", "--yes", "--skip-preview", ...this.stackArgs(), ...extra]);
    }

    preview(extra: string[] = []): Promise<RunResult> {
        return this.run(["preview", ...this.stackArgs(), ...extra]);
    }

    destroy(extra: string[] = []): Promise<RunResult> {
        return this.run(["destroy", "--yes", "--skip-preview", ...this.stackArgs(), ...extra]);
    }

    refresh(extra: string[] = []): Promise<RunResult> {
        return this.run(["refresh", "--yes", "--skip-preview", ...this.stackArgs(), ...extra]);
    }

    /**
     * The checkpoint as `pulumi stack export` gives it (secrets stay encrypted), read from the local backend's file
     * (`stack export` prints the same deployment, see gaussdb-lifecycle.test.ts) without a CLI start.
     */
    async exportState(): Promise<StackExport> {
        const file = join(this.dir, "state", ".pulumi", "stacks", this.projectName, `${this.name}.json`);
        const checkpoint = JSON.parse(readFileSync(file, "utf8")) as { version: number; checkpoint: { latest?: StackExport["deployment"] } };
        return { version: checkpoint.version, deployment: checkpoint.checkpoint.latest ?? {} };
    }

    /** `pulumi stack export`, through the CLI. */
    async exportWithCli(): Promise<StackExport> {
        const result = await this.mustRun(["stack", "export", "--stack", this.name]);
        return JSON.parse(result.stdout) as StackExport;
    }

    /**
     * The checkpoint files of the local backend as they are on disk now, read without the CLI, so a test can watch
     * a running `pulumi up` write them.
     */
    checkpointText(): string {
        const stacks = join(this.dir, "state", ".pulumi", "stacks");
        if (!existsSync(stacks)) return "";
        return readdirSync(stacks, { recursive: true, encoding: "utf8" })
            .filter((file) => file.endsWith(".json"))
            .map((file) => readFileSync(join(stacks, file), "utf8"))
            .join("\n");
    }

    /**
     * The stack's outputs as `pulumi stack output --json` prints them (a secret as "[secret]"), from the checkpoint's
     * stack resource (see gaussdb-lifecycle.test.ts).
     */
    async outputs(): Promise<Record<string, unknown>> {
        const root = (await this.exportState()).deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack");
        return hideSecrets(root?.outputs ?? {}) as Record<string, unknown>;
    }

    /** `pulumi stack output --json`, through the CLI. */
    async outputsWithCli(): Promise<Record<string, unknown>> {
        const result = await this.mustRun(["stack", "output", "--json", "--stack", this.name]);
        return JSON.parse(result.stdout) as Record<string, unknown>;
    }

    /** Starts `pulumi up` in its own process group, for interruption tests. */
    spawnUp(extra: string[] = []): { child: ChildProcess; result: Promise<RunResult> } {
        return this.spawn(["up", "--yes", "--skip-preview", ...this.stackArgs(), ...extra]);
    }

    async mustRun(args: string[]): Promise<RunResult> {
        const result = await this.run(args);
        if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
        return result;
    }

    run(args: string[]): Promise<RunResult> {
        return this.spawn(args).result;
    }

    cleanup(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }

    private stackArgs(): string[] {
        return ["--stack", this.name, "--config-file", this.configFile, "--non-interactive", "--color", "never"];
    }

    private spawn(args: string[]): { child: ChildProcess; result: Promise<RunResult> } {
        const child = spawn("pulumi", args, { cwd: this.projectDir, env: this.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let output = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            output += chunk.toString();
        });
        child.stderr?.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            output += chunk.toString();
        });
        const result = new Promise<RunResult>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, output }));
        });
        return { child, result };
    }
}

/** The ciphertexts `config set-all` made, by project, passphrase and values (see TestStack.setSecrets). */
const encryptedSecrets = new Map<string, { salt: string; secure: Record<string, string> }>();

/** A checkpoint value with each secret replaced by "[secret]", as `pulumi stack output` shows it. */
function hideSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(hideSecrets);
    if (value === null || typeof value !== "object") return value;
    if (SECRET_SIGNATURE_KEY in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, hideSecrets(inner)]));
}

export interface StackExport {
    version?: number;
    deployment: {
        resources?: StateResource[];
        pending_operations?: { resource: StateResource; type: string }[];
    };
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    dependencies?: string[];
    initErrors?: string[];
}

/** The GaussDbInstance resources of a checkpoint. */
export function instancesIn(state: StackExport): StateResource[] {
    return (state.deployment.resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance");
}

// Credentials of the machine running the tests must never reach a test stack.
function scrubbedEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (/^(OS_|OTC_|PULUMI_)/.test(key)) delete env[key];
    return env;
}

/** Every live descendant of `pid` (the plugins Pulumi starts may leave its process group). */
export function descendantsOf(pid: number): number[] {
    const table = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
    const found: number[] = [];
    const queue = [pid];
    while (queue.length > 0) {
        const parent = queue.shift()!;
        for (const [child, ppid] of table) {
            if (ppid === parent && !found.includes(child)) {
                found.push(child);
                queue.push(child);
            }
        }
    }
    return found;
}

export function killQuietly(pids: number[], signal: NodeJS.Signals): void {
    for (const pid of pids) {
        try {
            process.kill(pid, signal);
        } catch {
            // Already gone.
        }
    }
}

export function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

export function commandLineOf(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    } catch {
        return "";
    }
}

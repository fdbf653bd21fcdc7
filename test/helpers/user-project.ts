import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunningSimulator } from "../../provider/simulator";
import { DB_PASSWORD } from "./example-stack";
import { instancesIn, REPO_ROOT, TestStack } from "./pulumi-cli";
import { type UserProjectCredentials, userProjectCredentials } from "./stack-credentials";

// A Pulumi project made the way a user makes one, from Pulumi's TypeScript template, with the packed package
// installed from its tarball: for the end-to-end tests of the package as users get it.

const execFileAsync = promisify(execFile);

/** The user's program: one database, the way the README shows it. */
export const USER_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { GaussDbInstance } from "pulumi-otc-jobs";

const config = new pulumi.Config();
const db = new GaussDbInstance("orders-db", {
    flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { size: 40 },
    password: config.requireSecret("dbPassword"),
    availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    ha: { mode: "centralization_standard" },
});

export const instanceName = db.instanceName;
export const status = db.status;
`;

/**
 * Pulumi's TypeScript template tsconfig as `pulumi new typescript` wrote it until 2026 (and as existing projects
 * have it): commonjs with moduleResolution node, strict, and neither skipLibCheck nor esModuleInterop.
 */
export const TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/** The template's tsconfig as it is now (nodenext), for `tsc -p tsconfig.nodenext.json`. */
export const NODENEXT_TSCONFIG = {
    compilerOptions: { ...TEMPLATE_TSCONFIG.compilerOptions, module: "nodenext", moduleResolution: "nodenext", noEmit: true },
    files: ["index.ts"],
};

/** The range the template's package.json puts on @pulumi/pulumi. */
export const TEMPLATE_PULUMI_RANGE = "^3.113.0";

/** Environment for npm, tsc and jest in a user project: this machine's, less any OTC or Pulumi settings. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (/^(OS_|OTC_|PULUMI_)/.test(key)) delete env[key];
    return { ...env, ...extra };
}

export interface CommandResult {
    code: number;
    output: string;
}

/** Runs a command in a directory; resolves with its exit code and output (stdout, then stderr) instead of throwing. */
export async function runIn(cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = userEnv()): Promise<CommandResult> {
    try {
        const { stdout, stderr } = await execFileAsync(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
        return { code: 0, output: stdout + stderr };
    } catch (error) {
        const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
        return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message };
    }
}

/** Runs a command and throws with its output when it fails. */
export async function mustRunIn(cwd: string, file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
    const result = await runIn(cwd, file, args, env);
    if (result.code !== 0) throw new Error(`${file} ${args.join(" ")} exited ${result.code} in ${cwd}:\n${result.output}`);
    return result.output;
}

/** `npm pack` of this repository (built beforehand, as `npm test` does) into `dir`; returns the tarball's file name. */
export async function packInto(dir: string): Promise<string> {
    await mustRunIn(REPO_ROOT, "npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--silent"]);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack wrote no tarball");
    return tarball;
}

export interface UserProjectOptions {
    /** @pulumi/pulumi version or range. Default: the template's range. */
    pulumi?: string;
    /** Extra devDependencies (jest, say). */
    devDependencies?: Record<string, string>;
    /** Extra files, by name. */
    files?: Record<string, string>;
}

/** Writes a project from the template into `parent/name`, depending on `../tarball`; returns its directory. */
export function writeUserProject(parent: string, name: string, tarball: string, options: UserProjectOptions = {}): string {
    const dir = join(parent, name);
    mkdirSync(dir);
    const packageJson = {
        name,
        main: "index.ts",
        devDependencies: { "@types/node": "^18", typescript: "^5.0.0", ...options.devDependencies },
        dependencies: { "@pulumi/pulumi": options.pulumi ?? TEMPLATE_PULUMI_RANGE, "pulumi-otc-jobs": `file:../${tarball}` },
    };
    writeFileSync(join(dir, "package.json"), JSON.stringify(packageJson, null, 4));
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\ndescription: A user project\nruntime: nodejs\n`);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
    writeFileSync(join(dir, "tsconfig.nodenext.json"), JSON.stringify(NODENEXT_TSCONFIG, null, 4));
    writeFileSync(join(dir, "index.ts"), USER_PROGRAM);
    for (const [file, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, file), text);
    return dir;
}

/** `npm install` as a user runs it, from this machine's registry and warm cache. */
export async function installUserProject(dir: string): Promise<void> {
    await mustRunIn(dir, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
}

/** The @pulumi/pulumi version installed in a project. */
export async function installedPulumiVersion(dir: string): Promise<string> {
    return (await mustRunIn(dir, "node", ["-p", 'require("@pulumi/pulumi/package.json").version'])).trim();
}

/**
 * `pulumi up` (and optionally `refresh` plus a preview that must show no changes), then `destroy`, of the user
 * program against `simulator`, authenticated as userProjectCredentials says (an IAM login), checking the instance
 * really exists and is really gone, and that the job's progress and no secret reached the output. Returns the stack (for cleanup by the caller).
 */
export async function upRefreshDestroy(
    simulator: RunningSimulator,
    dir: string,
    label: string,
    options: { refresh: boolean; credentials?: Pick<UserProjectCredentials, "pulumiEnv" | "projectId" | "secretValues"> },
): Promise<TestStack> {
    const credentials = options.credentials ?? userProjectCredentials(simulator, label);
    const projectId = credentials.projectId;
    const stack = await TestStack.create({ projectDir: dir, secrets: { dbPassword: DB_PASSWORD }, env: credentials.pulumiEnv });
    const tokenRequests = () => simulator.stats().requests["POST /v3/auth/tokens"] ?? 0;
    const tokensBefore = tokenRequests();
    try {
        const up = await stack.up();
        if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
        // Authenticated the way the credentials helper says: with a password, through an IAM login.
        if (credentials.pulumiEnv["OS_PASSWORD"] || credentials.pulumiEnv["OS_CLOUD"]) expect(tokenRequests()).toBeGreaterThan(tokensBefore);
        // The dynamic provider's output reaches the user: the job's progress lines.
        expect(up.output).toMatch(/orders-db: CreateGaussDBV5Instance (submitted|\d+%|completed)/);
        const outputs = await stack.outputs();
        expect(outputs["instanceName"]).toMatch(/^orders-db-[0-9a-f]{8}$/);
        expect(outputs["status"]).toBe("ACTIVE");
        expect(simulator.stats().instancesByProject[projectId]).toBe(1);

        let refreshOutput = "";
        if (options.refresh) {
            const refreshed = await stack.refresh();
            if (refreshed.code !== 0) throw new Error(`pulumi refresh failed:\n${refreshed.output}`);
            refreshOutput = refreshed.output;
            const preview = await stack.preview(["--expect-no-changes"]);
            if (preview.code !== 0) throw new Error(`pulumi preview after refresh shows changes:\n${preview.output}`);
        }

        const destroyed = await stack.destroy();
        if (destroyed.code !== 0) throw new Error(`pulumi destroy failed:\n${destroyed.output}`);
        expect(instancesIn(await stack.exportState())).toHaveLength(0);
        expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
        for (const secret of [...credentials.secretValues, DB_PASSWORD]) {
            expect(up.output + refreshOutput + destroyed.output).not.toContain(secret);
        }
        return stack;
    } catch (error) {
        stack.cleanup();
        throw error;
    }
}

import { SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, SIMULATOR_PROJECT_NAME, SIMULATOR_TOKEN, SIMULATOR_USER } from "./defaults";
import { ENDPOINT_NAMES, type SimulatorEndpointName, type SimulatorOptions } from "./options";
import { startSimulator } from "./server";
import { SimulatorStateFileError } from "./state-file";

export const SIMULATOR_HELP = `Usage: otc-jobs simulator [options]

Runs a local Open Telekom Cloud simulator until SIGINT or SIGTERM: IAM (tokens, projects), GaussDB
(openGauss), RDS and TaurusDB (instances, backups, restores) and each service's task center (jobs), over
real HTTP with OTC's paths, JSON shapes, status codes, error bodies and AK/SK signatures.

Options:
  --port N          the shared port: every service under a path prefix (/gaussdb, /rds,
                    /gaussdb-mysql), or at the root when the Host header names it (rds.<anything>,
                    gaussdb-mysql.… or taurusdb.…, gaussdb.… or opengauss.…, iam.…); IAM; the control
                    API (default 0: any free port)
  --service-port NAME=N
                    the port of one service's own base URL, NAME one of iam, gaussdb, rds, taurusdb
                    (repeatable; default: --port + 1 … + 4 in that order, or any free port)
  --host H          interface to listen on (default 127.0.0.1)
  --time-scale X    divide job durations by X (default 1; 60 makes a 12-minute create take 12 s)
  --data-dir D      keep state in D/state.json, so a restart continues running jobs
  --rate-limit N    allow N requests per second per project, then answer 429 (default unlimited)
  --verbose         log every request to stderr
  --help            show this text

The first line on stdout is "OTC simulator listening on <url>" (the shared port); the second is
"OTC simulator endpoints <json>", each service's base URL with no path prefix, as OTC's SDKs, the OTC
Terraform provider and curl address a service ({"iam":"http://127.0.0.1:8081","gaussdb":…}). Exit codes: 0 stopped by SIGINT/SIGTERM,
2 bad flag, 4 the data dir or port cannot be used (checked before listening: a directory that can be
created and written, holding no state.json or a regular-file one).
`;

/** The simulator could not start with these options (a data dir or port it cannot use): exit code 4, not 2. */
export class SimulatorStartupError extends Error {
    override readonly name = "SimulatorStartupError";
}

/** Where the command writes, and what stops it; tests replace them. */
export interface SimulatorCommandIo {
    stdout: (line: string) => void;
    stderr: (line: string) => void;
    /** Resolves when the simulator should stop. Default: the first SIGINT or SIGTERM. */
    untilStopped: () => Promise<void>;
}

export interface ParsedSimulatorArgs {
    help: boolean;
    verbose: boolean;
    options: SimulatorOptions;
}

/**
 * `otc-jobs simulator ...`: `argv` holds the arguments after the subcommand. Resolves after the simulator
 * has been stopped and closed; throws, naming the flag, on an unknown flag or a bad value.
 */
export async function runSimulatorCommand(argv: string[], io: SimulatorCommandIo = processIo()): Promise<void> {
    const parsed = parseSimulatorArgs(argv);
    if (parsed.help) {
        io.stdout(SIMULATOR_HELP.trimEnd());
        return;
    }
    const options: SimulatorOptions = { ...parsed.options };
    if (parsed.verbose) options.log = (line) => io.stderr(line);
    let simulator: Awaited<ReturnType<typeof startSimulator>>;
    try {
        simulator = await startSimulator(options);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (error instanceof SimulatorStateFileError) throw new SimulatorStartupError(error.message, { cause: error });
        if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
            // The failing port may be a service's own one (`--port` + 1 …), which the error carries.
            const port = (error as { port?: number }).port ?? options.port ?? 0;
            throw new SimulatorStartupError(`cannot listen on ${options.host ?? "127.0.0.1"}:${port} (${code})`, { cause: error });
        }
        throw error;
    }
    io.stdout(`OTC simulator listening on ${simulator.url}`);
    io.stdout(`OTC simulator endpoints ${JSON.stringify(simulator.endpoints)}`);
    for (const name of ENDPOINT_NAMES) io.stderr(`${ENDPOINT_LABELS[name]} base URL: ${simulator.endpoints[name]}`);
    io.stderr(`one URL for every service: pulumi config set otc:endpoint '${simulator.endpoint}' (GaussDB is also served at ${simulator.url})`);
    io.stderr(`project id: ${SIMULATOR_PROJECT_ID} (any alphanumeric id works; state is per project)`);
    io.stderr(`access key: ${SIMULATOR_CREDENTIALS.accessKey}`);
    io.stderr(`secret key: ${SIMULATOR_CREDENTIALS.secretKey}`);
    io.stderr(`token (X-Auth-Token): ${SIMULATOR_TOKEN}`);
    io.stderr(
        `IAM: OS_AUTH_URL=${simulator.endpoints.iam}/v3 OS_USERNAME=${SIMULATOR_USER.name} OS_PASSWORD=${SIMULATOR_USER.password} ` +
            `OS_DOMAIN_NAME=${SIMULATOR_USER.domainName} OS_PROJECT_NAME=${SIMULATOR_PROJECT_NAME} (or any eu-de_<name>)`,
    );
    io.stderr(`control API: ${simulator.url}/_sim/stats, /_sim/faults, /_sim/reset`);
    try {
        await io.untilStopped();
    } finally {
        await simulator.close();
    }
}

const ENDPOINT_LABELS: Readonly<Record<SimulatorEndpointName, string>> = {
    iam: "IAM",
    gaussdb: "GaussDB (openGauss)",
    rds: "RDS",
    taurusdb: "TaurusDB (gaussdb-mysql)",
};

export function parseSimulatorArgs(argv: readonly string[]): ParsedSimulatorArgs {
    const result: ParsedSimulatorArgs = { help: false, verbose: false, options: {} };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        const eq = arg.indexOf("=");
        const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
        const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
        const value = (): string => {
            if (inline !== undefined) return inline;
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
            i++;
            return next;
        };
        switch (flag) {
            case "--help":
            case "-h":
                result.help = true;
                break;
            case "--verbose":
                result.verbose = true;
                break;
            case "--port":
                result.options.port = integerFlag(flag, value(), 0, 65535);
                break;
            case "--host": {
                const host = value();
                if (host === "") throw new Error(`--host must not be empty`);
                result.options.host = host;
                break;
            }
            case "--time-scale":
                result.options.timeScale = positiveNumberFlag(flag, value());
                break;
            case "--data-dir": {
                const dir = value();
                if (dir === "") throw new Error(`--data-dir must not be empty`);
                result.options.dataDir = dir;
                break;
            }
            case "--service-port": {
                const [name = "", port = ""] = value().split("=", 2);
                if (!(ENDPOINT_NAMES as readonly string[]).includes(name)) {
                    throw new Error(`--service-port must be NAME=PORT with NAME one of ${ENDPOINT_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
                }
                result.options.servicePorts = { ...result.options.servicePorts, [name]: integerFlag(`--service-port ${name}`, port, 0, 65535) };
                break;
            }
            case "--rate-limit":
                result.options.rateLimitPerSecond = positiveNumberFlag(flag, value());
                break;
            default:
                throw new Error(`Unknown option ${JSON.stringify(arg)} for "otc-jobs simulator" (see --help)`);
        }
    }
    return result;
}

function integerFlag(flag: string, raw: string, min: number, max: number): number {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
        throw new Error(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
}

function positiveNumberFlag(flag: string, raw: string): number {
    const value = raw.trim() === "" ? Number.NaN : Number(raw);
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${flag} must be a positive number, got ${JSON.stringify(raw)}`);
    return value;
}

function processIo(): SimulatorCommandIo {
    return {
        stdout: (line) => process.stdout.write(`${line}\n`),
        stderr: (line) => process.stderr.write(`${line}\n`),
        untilStopped: () =>
            new Promise((resolve) => {
                const stop = () => {
                    process.off("SIGINT", stop);
                    process.off("SIGTERM", stop);
                    resolve();
                };
                process.once("SIGINT", stop);
                process.once("SIGTERM", stop);
            }),
    };
}

#!/usr/bin/env node
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runSimulatorCommand, SimulatorStartupError } from "../simulator/core/command";
import { EXIT } from "./exit-codes";
import { closestMatch } from "./flag-suggestions";
import { runWaitCommand } from "./wait-command";

const HELP = `Usage: otc-jobs <command> [options]

Commands:
  wait <job-id>   wait for an OTC job to end (see otc-jobs wait --help)
  simulator       run the local OTC simulator (see otc-jobs simulator --help)

Options:
  --help, -h      this text (every command has its own --help)
  --version, -V   the version of pulumi-otc-jobs
`;

const COMMANDS = ["wait", "simulator", "help"];

/** dist/cli/main.js and provider/cli/main.ts both sit two levels below package.json. */
function packageVersion(): string {
    return (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case "wait": {
            const controller = new AbortController();
            const onSignal = () => controller.abort(new Error("interrupted"));
            process.once("SIGINT", onSignal);
            process.once("SIGTERM", onSignal);
            return runWaitCommand(rest, {
                stdout: (text) => process.stdout.write(text),
                stderr: (text) => process.stderr.write(text),
                isTty: Boolean(process.stderr.isTTY),
                env: process.env,
                stackConfig: readStackConfig,
                signal: controller.signal,
            });
        }
        case "marker":
            // 0.1.0 adopted any instance named with this URN-derived marker, which another stack could reproduce.
            process.stderr.write(
                `otc-jobs marker was removed in 0.2.0: a name no longer makes an instance adoptable. To bring an existing ` +
                    `instance under management, create the resource with adoptInstanceId: "<instance id>".\n`,
            );
            return EXIT.usage;
        case "simulator":
            try {
                await runSimulatorCommand(rest);
                return EXIT.completed;
            } catch (error) {
                process.stderr.write(`otc-jobs simulator: ${(error as Error).message}\n`);
                // A flag that cannot be parsed is a usage error; a data dir or port that cannot be used is configuration.
                return error instanceof SimulatorStartupError ? EXIT.authOrConfig : EXIT.usage;
            }
        case undefined:
        case "--help":
        case "-h":
        case "help":
            process.stdout.write(HELP);
            return command === undefined ? EXIT.usage : EXIT.completed;
        case "--version":
        case "-V":
        case "version":
            process.stdout.write(`${packageVersion()}\n`);
            return EXIT.completed;
        default: {
            const suggestion = closestMatch(command, command.startsWith("-") ? ["--help", "--version"] : COMMANDS);
            process.stderr.write(`otc-jobs: unknown ${command.startsWith("-") ? "option" : "command"} "${command}"${suggestion ? ` (did you mean ${suggestion}?)` : ""}\n\n${HELP}`);
            return EXIT.usage;
        }
    }
}

/** otc:* settings of a Pulumi stack, through the CLI (which decrypts secrets). */
async function readStackConfig(stack: string) {
    let stdout: string;
    try {
        ({ stdout } = await promisify(execFile)("pulumi", ["config", "--json", "--show-secrets", "--stack", stack], {
            maxBuffer: 16 * 1024 * 1024,
        }));
    } catch (error) {
        const e = error as { code?: unknown; stderr?: unknown };
        if (e.code === "ENOENT") throw new Error("the pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/)");
        // Pulumi's own first error line ("error: no stack named 'dev' found"); never the config, which it did not print.
        const said = String(e.stderr ?? "").split("\n").find((line) => line.trim() !== "");
        throw new Error(said ? said.trim() : `pulumi config failed (exit ${String(e.code)})`);
    }
    const entries = JSON.parse(stdout) as Record<string, { value?: string; secret?: boolean }>;
    return { get: (key: string) => entries[key]?.value, isSecret: (key: string) => entries[key]?.secret };
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`otc-jobs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = EXIT.otherError;
    },
);

#!/usr/bin/env node
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runSimulatorCommand } from "../simulator/simulator-command";
import { EXIT } from "./exit-codes";
import { runWaitCommand } from "./wait-command";

const HELP = `Usage: otc-jobs <command> [options]

Commands:
  wait <job-id>   wait for an OTC job to end (see otc-jobs wait --help)
  simulator       run the local OTC simulator (see otc-jobs simulator --help)
`;

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
                return EXIT.usage;
            }
        case undefined:
        case "--help":
        case "-h":
        case "help":
            process.stdout.write(HELP);
            return command === undefined ? EXIT.usage : EXIT.completed;
        default:
            process.stderr.write(`otc-jobs: unknown command "${command}"\n\n${HELP}`);
            return EXIT.usage;
    }
}

/** otc:* settings of a Pulumi stack, through the CLI (which decrypts secrets). */
async function readStackConfig(stack: string) {
    const { stdout } = await promisify(execFile)("pulumi", ["config", "--json", "--show-secrets", "--stack", stack], {
        maxBuffer: 16 * 1024 * 1024,
    });
    const entries = JSON.parse(stdout) as Record<string, { value?: string }>;
    return { get: (key: string) => entries[key]?.value };
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

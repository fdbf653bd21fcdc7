import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSimulatorArgs, runSimulatorCommand, SIMULATOR_HELP, type SimulatorCommandIo } from "./command";
import { SimulatorTestClient } from "./test-client";

describe("parseSimulatorArgs", () => {
    it("parses every flag, in both --flag value and --flag=value forms", () => {
        expect(
            parseSimulatorArgs([
                "--port", "8080", "--host=0.0.0.0", "--time-scale", "60", "--data-dir", "/tmp/x", "--rate-limit=5", "--verbose",
                "--service-port", "rds=9003", "--service-port=iam=9001",
            ]),
        ).toEqual({
            help: false,
            verbose: true,
            options: { port: 8080, host: "0.0.0.0", timeScale: 60, dataDir: "/tmp/x", rateLimitPerSecond: 5, servicePorts: { rds: 9003, iam: 9001 } },
        });
        expect(parseSimulatorArgs([])).toEqual({ help: false, verbose: false, options: {} });
    });

    it.each([
        [["--time-scale", "abc"], `--time-scale must be a positive number, got "abc"`],
        [["--time-scale", "0"], `--time-scale must be a positive number, got "0"`],
        [["--port", "70000"], `--port must be an integer from 0 to 65535, got "70000"`],
        [["--port", "-1"], `--port must be an integer from 0 to 65535, got "-1"`],
        [["--rate-limit", ""], `--rate-limit must be a positive number, got ""`],
        [["--port"], `--port needs a value`],
        [["--data-dir="], `--data-dir must not be empty`],
        [["--speed", "2"], `Unknown option "--speed"`],
        [["simulator"], `Unknown option "simulator"`],
        [["--service-port", "mysql=9000"], `--service-port must be NAME=PORT with NAME one of iam, gaussdb, rds, taurusdb, got "mysql"`],
        [["--service-port", "rds=x"], `--service-port rds must be an integer from 0 to 65535, got "x"`],
    ])("rejects %j naming the flag", (argv, message) => {
        expect(() => parseSimulatorArgs(argv)).toThrow(message);
    });
});

describe("runSimulatorCommand", () => {
    function io(): SimulatorCommandIo & { out: string[]; err: string[]; stop: () => void } {
        let stop = () => undefined as void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const out: string[] = [];
        const err: string[] = [];
        return { out, err, stop: () => stop(), stdout: (l) => out.push(l), stderr: (l) => err.push(l), untilStopped: () => stopped };
    }

    it("prints the shared URL, then each service's base URL as JSON, on stdout, serves until stopped, then closes", async () => {
        const dataDir = mkdtempSync(join(tmpdir(), "otc-sim-cmd-"));
        const streams = io();
        const running = runSimulatorCommand(["--port", "0", "--time-scale", "60", "--data-dir", dataDir, "--verbose"], streams);
        while (streams.out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(streams.out).toHaveLength(2);
        const url = /^OTC simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(streams.out[0] ?? "")?.[1];
        expect(url).toBeDefined();
        const endpoints = JSON.parse(/^OTC simulator endpoints (\{.*\})$/.exec(streams.out[1] ?? "")?.[1] ?? "null") as Record<string, string>;
        expect(Object.keys(endpoints)).toEqual(["iam", "gaussdb", "rds", "taurusdb"]);
        expect(streams.err).toContain(`RDS base URL: ${endpoints["rds"]}`);
        const rds = await new SimulatorTestClient(endpoints["rds"] ?? "").call<{ instances: unknown[] }>("GET", "/instances");
        expect(rds.status).toBe(200);
        expect(streams.err.join("\n")).toContain("SIMULATORACCESSKEY0001");

        const client = new SimulatorTestClient(url ?? "");
        expect((await client.listInstances()).status).toBe(200);
        expect(streams.err.some((line) => /^GET \/v3\/\w+\/instances 200 \d+ms$/.test(line))).toBe(true);

        streams.stop();
        await running;
        await expect(fetch(`${url}/_sim/stats`)).rejects.toThrow();
        rmSync(dataDir, { recursive: true, force: true });
    });

    it("prints the help without starting anything", async () => {
        const streams = io();
        await runSimulatorCommand(["--help"], streams);
        expect(streams.out).toEqual([SIMULATOR_HELP.trimEnd()]);
        expect(streams.out[0]).toContain("--time-scale");
    });
});

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimulatorStateFileError, startSimulator } from "../index";

// An unusable --data-dir must stop the simulator at start with a clear message and exit code 4. A state.json that
// is a symlink to /dev/zero used to be read forever at full CPU (and a FIFO blocked the start-up), so the CLI cases
// run as a child process with a watchdog: a hang fails the test instead of hanging it.

jest.setTimeout(30_000);

const CLI = join(__dirname, "..", "..", "..", "dist", "cli", "main.js");
const root = mkdtempSync(join(tmpdir(), "sim-datadir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dataDir(label: string, setup: (dir: string) => void): string {
    const dir = join(root, `${label}-${++made}`);
    mkdirSync(dir, { recursive: true });
    setup(dir);
    return dir;
}

let made = 0;
const CASES: [string, () => string, RegExp][] = [
    ["state.json is a symlink to /dev/zero", () => dataDir("zero", (d) => symlinkSync("/dev/zero", join(d, "state.json"))), /state\.json is a device, not a regular file/],
    ["state.json is a FIFO", () => dataDir("fifo", (d) => execFileSync("mkfifo", [join(d, "state.json")])), /state\.json is a FIFO, not a regular file/],
    ["state.json is a directory", () => dataDir("isdir", (d) => mkdirSync(join(d, "state.json"))), /state\.json is a directory/],
    [
        "the data dir is a file",
        () => {
            const file = join(root, `plain-file-${++made}`);
            writeFileSync(file, "x");
            return file;
        },
        /exists and is not a directory/,
    ],
    [
        "the data dir lies below a file",
        () => {
            const file = join(root, `plain-file-${++made}`);
            writeFileSync(file, "x");
            return join(file, "sub");
        },
        /cannot create it \(ENOTDIR\)/,
    ],
];

describe("simulator start-up with an unusable --data-dir", () => {
    it.each(CASES)("startSimulator refuses it: %s", async (_label, make, message) => {
        const dir = make();
        const error = await startSimulator({ dataDir: dir }).then(
            async (sim) => {
                await sim.close();
                return undefined;
            },
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SimulatorStateFileError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toContain(dir);
    });

    const cli = existsSync(CLI) ? it.each(CASES) : it.skip.each(CASES);
    cli("the CLI exits 4 at once, naming the problem: %s", async (_label, make, message) => {
        const dir = make();
        const started = Date.now();
        const child = spawn(process.execPath, [CLI, "simulator", "--port", "0", "--data-dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const watchdog = setTimeout(() => child.kill("SIGKILL"), 10_000);
        const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
        clearTimeout(watchdog);
        expect(code).toBe(4); // null: the watchdog had to kill a hung simulator
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(stderr).toMatch(message);
        expect(stderr).toContain("otc-jobs simulator: Cannot use --data-dir");
        expect(stdout).not.toContain("listening");
    });

    it("a usable data dir still starts, and the write probe leaves nothing behind", async () => {
        const dir = join(root, "fresh", "nested");
        const sim = await startSimulator({ dataDir: dir });
        await sim.close();
        expect(execFileSync("ls", ["-A", dir]).toString().trim()).toBe("");
    });
});

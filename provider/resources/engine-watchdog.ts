import { readFileSync } from "node:fs";

/**
 * Ends the provider process once the Pulumi engine that started it is gone (killed with SIGKILL, or a CI job
 * torn down). Nobody can receive a result any more, and the instance is adopted by the next `pulumi up`
 * anyway; left alone, an orphan keeps polling OTC, and Pulumi's dynamic-provider host, whose error handler
 * logs to the same dead pipe that failed, loops on EPIPE and grows without bound.
 */
export function watchEngine(options: { intervalMs?: number; exit?: (code: number) => void } = {}): () => void {
    const exit = options.exit ?? ((code: number) => process.exit(code));
    const onPipeError = (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") exit(0);
    };
    process.stdout.on("error", onPipeError);
    process.stderr.on("error", onPipeError);
    const engine = engineLink();
    const timer = setInterval(() => {
        if (engine && parentOf(engine.child) !== engine.pid) exit(0);
    }, options.intervalMs ?? 2_000);
    timer.unref();
    return () => {
        clearInterval(timer);
        process.stdout.off("error", onPipeError);
        process.stderr.off("error", onPipeError);
    };
}

/**
 * The engine's pid and its direct child on our side: the provider runs as `engine → sh launcher → node` (or
 * `engine → node`). When the engine dies its child is re-parented (to init or a subreaper), which is what the
 * watchdog looks for. Linux only: elsewhere there is no link and only the EPIPE guard applies.
 */
function engineLink(): { pid: number; child: number } | undefined {
    const parent = parentOf(process.pid);
    if (parent === undefined) return undefined;
    const child = commandLineOf(parent).includes("pulumi-resource-pulumi-nodejs") ? parent : process.pid;
    const pid = parentOf(child);
    return pid === undefined || pid <= 1 ? undefined : { pid, child };
}

function commandLineOf(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
        return "";
    }
}

function parentOf(pid: number): number | undefined {
    try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const ppid = Number(fields[1]);
        return Number.isInteger(ppid) ? ppid : undefined;
    } catch {
        return undefined;
    }
}

import type { InstancePhase, ManagedInstance } from "./instance-adapter";
import { InstanceStatusSource, type InstanceTarget } from "./instance-status-source";

const PHASES: Record<string, InstancePhase> = { ACTIVE: "ready", BUILD: "building", FAILED: "failed", DELETING: "busy" };

async function statusWhile(target: InstanceTarget, status: string | undefined): Promise<string> {
    const instance: ManagedInstance | undefined = status === undefined ? undefined : { id: "i1", name: "db", status };
    const source = new InstanceStatusSource(async () => instance, (i) => PHASES[i.status] ?? "busy", target, "SomeJob");
    const lookup = await source.lookup("instance-status:i1");
    if (lookup.kind !== "found") throw new Error("always found");
    return lookup.job.status;
}

describe("InstanceStatusSource", () => {
    it.each([
        ["ready", "ACTIVE", "Completed"],
        ["ready", "BUILD", "Running"],
        ["ready", "FAILED", "Failed"],
        ["ready", undefined, "Failed"],
        ["gone", undefined, "Completed"],
        ["gone", "DELETING", "Running"],
        ["gone", "ACTIVE", "Running"],
        // A failed instance (or backup) being deleted may show FAILED until it disappears: not a verdict on the delete.
        ["gone", "FAILED", "Running"],
    ] as const)("waiting for %s, status %s reads as %s", async (target, status, expected) => {
        expect(await statusWhile(target, status)).toBe(expected);
    });
});

import { estimateLeftMs, progressDisplay } from "./progress-display";

describe("estimateLeftMs (the poll policy's linear end window)", () => {
    it("puts the end in the middle of the window progress implies", () => {
        // 10% after 60 s: the end lies in (545 s, 600 s]; its middle is ~573 s, so ~513 s are left.
        const left = estimateLeftMs([{ atMs: 60_000, percent: 10 }], 0, 60_000);
        expect(left).toBeGreaterThan(510_000);
        expect(left).toBeLessThan(515_000);
    });

    it("has no estimate before progress above 0%", () => {
        expect(estimateLeftMs([], 0, 10_000)).toBeUndefined();
        expect(estimateLeftMs([{ atMs: 10_000, percent: 0 }], 0, 10_000)).toBeUndefined();
    });
});

const NO_CALLS = { lookups: 1, ownCalls: 1, sharedAnswers: 0, cachedAnswers: 0 };

describe("progressDisplay on a terminal", () => {
    it("shows the estimate once progress gives one, and stops redrawing when done", () => {
        let now = 0;
        const frames: string[] = [];
        const display = progressDisplay({ write: (t) => frames.push(t), isTty: true, jobId: "j1", now: () => now, redrawMs: 60_000 });
        now = 60_000;
        display.update({ jobId: "j1", jobName: "CreateGaussDBV5Instance", status: "Running", progressPercent: 10, elapsedMs: 60_000, polls: 1, job: undefined, error: undefined, calls: NO_CALLS });
        expect(frames.at(-1)).toMatch(/\[###-+\] 10% +CreateGaussDBV5Instance 1m00s, ~8m3\ds left/);
        display.done("completed", 61_000);
        expect(frames.at(-1)).toBe("\rCreateGaussDBV5Instance j1: completed (1m01s)\x1b[K\n");
    });

    it("draws a full bar for a completed job, whatever progress its last answer carried", () => {
        const frames: string[] = [];
        const display = progressDisplay({ write: (t) => frames.push(t), isTty: true, jobId: "j1", now: () => 5_000, redrawMs: 60_000 });
        for (const progressPercent of [undefined, 80]) {
            display.update({ jobId: "j1", jobName: "CreateRdsInstance", status: "Completed", progressPercent, elapsedMs: 5_000, polls: 2, job: undefined, error: undefined, calls: NO_CALLS });
            expect(frames.at(-1)).toMatch(/^\r\[#{30}\] 100% +CreateRdsInstance /);
        }
        display.done("completed", 5_000);
    });
});

describe("progressDisplay in a log", () => {
    const event = (over: Partial<Parameters<ReturnType<typeof progressDisplay>["update"]>[0]>) => ({
        jobId: "j1", jobName: "CreateGaussDBV5Instance", status: "Running" as const, progressPercent: 5, elapsedMs: 2_000, polls: 1, job: undefined, error: undefined, calls: NO_CALLS, ...over,
    });

    it("starts with what the task center says, once, never 'submitted'", () => {
        const lines: string[] = [];
        const display = progressDisplay({ write: (t) => lines.push(t), isTty: false, jobId: "j1" });
        display.update(event({ job: { id: "j1" } as never }));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^j1: CreateGaussDBV5Instance 5% \(2s\)\n$/);
        const unknown: string[] = [];
        const other = progressDisplay({ write: (t) => unknown.push(t), isTty: false, jobId: "j2" });
        other.update(event({ jobId: "j2", jobName: undefined, status: "Unknown", progressPercent: undefined }));
        expect(unknown.join("")).toContain("not known to the task center yet");
        expect(unknown.join("")).not.toContain("submitted");
    });
});

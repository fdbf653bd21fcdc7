import { ProgressReporter, type ProgressReporterOptions } from "./progress-reporter";

// The reporter alone, on an injected clock; `tick()` is driven by the tests (timer: false) except in the one
// test that checks the timer wiring with jest's fake timers.

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

function setup(options: Omit<ProgressReporterOptions, "write" | "now"> = {}) {
    let ms = T0;
    const lines: { atMs: number; line: string }[] = [];
    const reporter = new ProgressReporter({
        write: (line) => lines.push({ atMs: ms - T0, line }),
        now: () => ms,
        timer: false,
        ...options,
    });
    return {
        reporter,
        lines,
        text: () => lines.map((l) => l.line),
        advance: (by: number) => {
            ms += by;
        },
        get elapsed() {
            return ms - T0;
        },
    };
}

describe("ProgressReporter", () => {
    it("announces a job, prints when its progress changes and stays quiet when it does not", () => {
        const s = setup();
        s.reporter.start("job-1", "gaussdb:db-main", "CreateGaussDBV5Instance");
        s.advance(2_000);
        s.reporter.update("job-1", { status: "Running", progressPercent: 10, jobName: "CreateGaussDBV5Instance" });
        s.advance(2_000);
        s.reporter.update("job-1", { status: "Running", progressPercent: 10, jobName: "CreateGaussDBV5Instance" });
        s.reporter.update("job-1", { status: "Unknown", progressPercent: undefined, jobName: undefined });
        s.advance(2_000);
        s.reporter.update("job-1", { status: "Running", progressPercent: 25, jobName: undefined });

        expect(s.text()).toEqual([
            "gaussdb:db-main: CreateGaussDBV5Instance submitted (0ms)",
            "gaussdb:db-main: CreateGaussDBV5Instance 10% (2s)",
            "gaussdb:db-main: CreateGaussDBV5Instance 25% (6s)",
        ]);
    });

    it("describes a running job without progress by its status, and takes the name a poll reports", () => {
        const s = setup();
        s.reporter.start("j", "label", "job");
        s.reporter.update("j", { status: "Pending", progressPercent: undefined, jobName: undefined });
        s.reporter.update("j", { status: "Running", progressPercent: undefined, jobName: "DeleteGaussDBV5Instance" });
        expect(s.text().slice(1)).toEqual(["label: job pending (0ms)", "label: DeleteGaussDBV5Instance running (0ms)"]);
    });

    it("measures durations from the submission time passed to start()", () => {
        const s = setup();
        s.reporter.start("j", "db", "CreateGaussDBV5Instance", T0 - 90_000);
        s.reporter.finish("j", "completed");
        expect(s.text()).toEqual(["db: CreateGaussDBV5Instance submitted (1m30s)", "db: CreateGaussDBV5Instance completed (1m30s)"]);
    });

    it("never stays silent longer than the heartbeat while a job runs (tick() every 5 s)", () => {
        const s = setup();
        s.reporter.start("a", "db-a", "CreateGaussDBV5Instance");
        s.advance(1_000);
        s.reporter.start("b", "db-b", "ResizeGaussDBV5Flavor");
        s.reporter.update("b", { status: "Running", progressPercent: 50, jobName: undefined });
        for (let i = 0; i < 120; i++) {
            s.advance(5_000);
            s.reporter.tick();
        }
        const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
        // The output as a whole (what a CI watchdog sees) is never silent for more than 60 s ...
        const all = s.lines.map((l) => l.atMs);
        expect(Math.max(...gaps(all))).toBeLessThanOrEqual(60_000);
        expect(s.elapsed - all.at(-1)!).toBeLessThanOrEqual(60_000);
        // ... and every job is repeated at least every heartbeat plus one tick period.
        for (const label of ["db-a", "db-b"]) {
            const times = s.lines.filter((l) => l.line.startsWith(`${label}:`)).map((l) => l.atMs);
            expect(times.length).toBeGreaterThanOrEqual(10);
            expect(Math.max(...gaps(times))).toBeLessThanOrEqual(65_000);
        }
        // A heartbeat repeats the last state.
        expect(s.text()).toContain("db-b: ResizeGaussDBV5Flavor 50% (1m00s)");
    });

    it("repeats a job exactly one heartbeat after its last line when ticks are in phase", () => {
        const s = setup({ heartbeatMs: 20_000 });
        s.reporter.start("a", "db", "CreateGaussDBV5Instance");
        for (let i = 0; i < 20; i++) {
            s.advance(5_000);
            s.reporter.tick();
        }
        expect(s.lines.map((l) => l.atMs)).toEqual([0, 20_000, 40_000, 60_000, 80_000, 100_000]);
    });

    // The timer fires exactly when a heartbeat is due, whatever the phase of the last line.
    it("keeps the whole output's silence within heartbeatMs with the default timer, whatever the phase of the last line", () => {
        jest.useFakeTimers({ now: T0 });
        try {
            const at: number[] = [];
            const reporter = new ProgressReporter({ write: () => at.push(Date.now() - T0) });
            reporter.start("a", "db-a", "CreateGaussDBV5Instance");
            jest.advanceTimersByTime(2_500);
            reporter.update("a", { status: "Running", progressPercent: 10, jobName: undefined });
            jest.advanceTimersByTime(5 * 60_000);
            reporter.finish("a", "completed");
            const gaps = at.slice(1).map((t, i) => t - at[i]!);
            expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
        } finally {
            jest.useRealTimers();
        }
    });

    it("keeps the heartbeat within 60 s with the default timer (fake timers)", () => {
        jest.useFakeTimers({ now: T0 });
        try {
            const lines: string[] = [];
            const reporter = new ProgressReporter({ write: (line) => lines.push(line) });
            reporter.start("a", "db-a", "CreateGaussDBV5Instance");
            jest.advanceTimersByTime(60_000);
            expect(lines).toHaveLength(2);
            jest.advanceTimersByTime(4 * 60_000);
            expect(lines).toHaveLength(6);
            reporter.finish("a", "completed");
            const after = lines.length;
            jest.advanceTimersByTime(10 * 60_000);
            expect(lines).toHaveLength(after); // the timer stops with the last job
            expect(jest.getTimerCount()).toBe(0);
        } finally {
            jest.useRealTimers();
        }
    });

    it("prints no heartbeat when nothing runs", () => {
        const s = setup();
        s.reporter.start("a", "db", "CreateGaussDBV5Instance");
        s.reporter.finish("a", "completed");
        s.advance(10 * 60_000);
        s.reporter.tick();
        expect(s.lines).toHaveLength(2);
        expect(s.reporter.running).toBe(0);
    });

    it("keeps 100 jobs that update every second within the line budget, and prints every outcome", () => {
        const linesPerMinute = 30;
        const s = setup({ linesPerMinute });
        const jobs = Array.from({ length: 100 }, (_, i) => `job-${i}`);
        for (const id of jobs) s.reporter.start(id, `db-${id}`, "CreateGaussDBV5Instance");
        const minutes = 5;
        for (let second = 1; second <= minutes * 60; second++) {
            s.advance(1_000);
            for (const [i, id] of jobs.entries()) {
                s.reporter.update(id, { status: "Running", progressPercent: Math.min(99, Math.floor((second + i) / 3)), jobName: undefined });
            }
            if (second % 5 === 0) s.reporter.tick();
        }
        for (const id of jobs) s.reporter.finish(id, "completed");

        const text = s.text();
        const starts = text.filter((l) => / submitted \(/.test(l));
        const finals = text.filter((l) => / completed \(/.test(l));
        const summaries = text.filter((l) => l.startsWith("waiting for "));
        const progress = text.filter((l) => /\d+% \(/.test(l));
        // Start lines share the budget with progress lines: a hundred resources starting at once print the burst.
        expect(starts).toHaveLength(linesPerMinute);
        expect(finals).toHaveLength(100);
        // Burst plus the refill over the run; heartbeats are summary lines, at most one a minute.
        expect(starts.length + progress.length).toBeLessThanOrEqual(linesPerMinute + linesPerMinute * minutes);
        expect(starts.length + progress.length).toBeGreaterThanOrEqual(linesPerMinute * minutes);
        expect(summaries.length).toBeLessThanOrEqual(minutes);
        expect(text).toHaveLength(starts.length + finals.length + summaries.length + progress.length);
    });

    it("turns heartbeats into one summary line above summarizeAbove, naming the least advanced jobs", () => {
        const s = setup({ summarizeAbove: 5 });
        for (let i = 0; i < 7; i++) s.reporter.start(`j${i}`, `db-${i}`, "CreateGaussDBV5Instance");
        for (let i = 0; i < 7; i++) s.reporter.update(`j${i}`, { status: "Running", progressPercent: 10 * (i + 1), jobName: undefined });
        const before = s.lines.length;
        s.advance(59_000);
        s.reporter.tick();
        expect(s.lines).toHaveLength(before);
        s.advance(1_000);
        s.reporter.tick();
        const added = s.text().slice(before);
        expect(added).toEqual([
            "waiting for 7 OTC jobs; least advanced: db-0 CreateGaussDBV5Instance 10% (1m00s), db-1 CreateGaussDBV5Instance 20% (1m00s), db-2 CreateGaussDBV5Instance 30% (1m00s)",
        ]);
        s.advance(30_000);
        s.reporter.tick();
        expect(s.lines).toHaveLength(before + 1);
        s.advance(30_000);
        s.reporter.tick();
        expect(s.lines).toHaveLength(before + 2);
    });

    it("switches back to per-job heartbeats when few enough jobs remain", () => {
        const s = setup({ summarizeAbove: 2 });
        for (const id of ["a", "b", "c"]) s.reporter.start(id, `db-${id}`, "CreateGaussDBV5Instance");
        s.reporter.finish("c", "completed");
        s.advance(60_000);
        s.reporter.tick();
        expect(s.text().slice(-2)).toEqual([
            "db-a: CreateGaussDBV5Instance submitted (1m00s)",
            "db-b: CreateGaussDBV5Instance submitted (1m00s)",
        ]);
    });

    it("always prints finish(), even with the budget spent", () => {
        const s = setup({ linesPerMinute: 2 });
        s.reporter.start("a", "db", "CreateGaussDBV5Instance");
        s.reporter.update("a", { status: "Running", progressPercent: 1, jobName: undefined });
        s.reporter.update("a", { status: "Running", progressPercent: 2, jobName: undefined }); // over budget: dropped
        s.reporter.note("retrying"); // over budget: dropped
        s.reporter.announce("instance gauss-1 adopted"); // never dropped
        s.reporter.finish("a", "FAILED");
        expect(s.text()).toEqual([
            "db: CreateGaussDBV5Instance submitted (0ms)",
            "db: CreateGaussDBV5Instance 1% (0ms)",
            "instance gauss-1 adopted",
            "db: CreateGaussDBV5Instance FAILED (0ms)",
        ]);
    });

    it("ignores updates and finishes for keys it does not follow", () => {
        const s = setup();
        s.reporter.update("nope", { status: "Running", progressPercent: 5, jobName: undefined });
        s.reporter.finish("nope", "completed");
        expect(s.lines).toHaveLength(0);
    });
});

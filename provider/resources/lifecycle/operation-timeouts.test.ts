import { DEFAULT_TIMEOUTS_MS, parseDurationMs, timeoutMsFor } from "./operation-timeouts";

describe("parseDurationMs (Go duration syntax, as customTimeouts takes it)", () => {
    it.each([
        ["90s", 90_000],
        ["20m", 1_200_000],
        ["2h", 7_200_000],
        ["1h30m", 5_400_000],
        ["1.5h", 5_400_000],
        ["2h45m30s", 9_930_000],
        ["500ms", 500],
        ["1m500ms", 60_500],
        ["1s1ms", 1_001],
        ["0.5s", 500],
        ["  10m  ", 600_000],
        ["1m0s", 60_000],
    ])("%s → %d ms", (text, ms) => {
        expect(parseDurationMs(text)).toBe(ms);
    });

    // Go itself accepts "-5m" and "0s", but neither is a usable timeout.
    it.each(["", "   ", "abc", "10", "10x", "1h 30m", "m", "-5m", "5 m", "h1", "0s", "0m0s", "1H", "5min", "1h30"])(
        "refuses %j",
        (text) => {
            expect(parseDurationMs(text)).toBeUndefined();
        },
    );
});

describe("timeoutMsFor", () => {
    it("defaults to no less than the Terraform providers: create 120 min, update 150 min, delete 45 min", () => {
        expect(DEFAULT_TIMEOUTS_MS).toEqual({ create: 7_200_000, update: 9_000_000, delete: 2_700_000 });
        expect(timeoutMsFor("create", undefined)).toBe(7_200_000);
        expect(timeoutMsFor("update", {})).toBe(9_000_000);
        expect(timeoutMsFor("delete", { create: "5m" })).toBe(2_700_000);
    });

    it("uses the operation's own customTimeouts entry", () => {
        const timeouts = { create: "3h", update: "20m", delete: "90s" };
        expect(timeoutMsFor("create", timeouts)).toBe(3 * 3_600_000);
        expect(timeoutMsFor("update", timeouts)).toBe(20 * 60_000);
        expect(timeoutMsFor("delete", timeouts)).toBe(90_000);
    });

    it("falls back to the default for an empty or malformed entry (inputs are validated before this)", () => {
        expect(timeoutMsFor("create", { create: "" })).toBe(DEFAULT_TIMEOUTS_MS.create);
        expect(timeoutMsFor("update", { update: "soon" })).toBe(DEFAULT_TIMEOUTS_MS.update);
    });
});

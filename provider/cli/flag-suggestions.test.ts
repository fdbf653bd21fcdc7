import { parseArgs } from "node:util";
import { closestMatch, describeArgsError } from "./flag-suggestions";

describe("flag suggestions", () => {
    const flags = ["--endpoint", "--project-id", "--timeout", "--unknown-grace", "--stack", "--json", "--quiet", "--help"];

    it.each([
        ["--tiemout", "--timeout"],
        ["--timout", "--timeout"],
        ["--project", "--project-id"],
        ["--endpiont", "--endpoint"],
        ["--jsno", "--json"],
        ["--stak=dev", "--stack"],
    ])("suggests %s → %s", (typed, expected) => {
        expect(closestMatch(typed, flags)).toBe(expected);
    });

    it("does not suggest an unrelated flag", () => {
        expect(closestMatch("--region", flags)).toBeUndefined();
        expect(closestMatch("--x", flags)).toBeUndefined();
    });

    it("turns parseArgs' unknown-option error into a suggestion", () => {
        const options = { timeout: { type: "string" as const }, json: { type: "boolean" as const } };
        let caught: unknown;
        try {
            parseArgs({ args: ["--tiemout", "5m"], options, strict: true, allowPositionals: true });
        } catch (error) {
            caught = error;
        }
        expect(describeArgsError(caught, options)).toBe("unknown option --tiemout (did you mean --timeout?)");
    });
});

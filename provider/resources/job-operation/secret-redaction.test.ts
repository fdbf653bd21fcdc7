import { redact, redactError, secretValuesOf } from "./secret-redaction";

describe("secrets of the request bodies", () => {
    const bodies = { create: { password: "Pw-1234567", user: "root", nested: { token: ["tok-abc", 1234] } }, update: { x: "plain" } };

    it("are the leaves under the pointers the resource class recorded, longest first", () => {
        expect(secretValuesOf(bodies, { create: ["/password", "/nested"] })).toEqual(["Pw-1234567", "tok-abc", "1234"]);
        expect(secretValuesOf(bodies, { update: [""] })).toEqual(["plain"]);
        expect(secretValuesOf(bodies, undefined)).toEqual([]);
    });

    it("are replaced wherever an answer repeats them, in values, inside longer strings and in keys", () => {
        const answer = { echo: { password: "Pw-1234567" }, message: "set to Pw-1234567 for root", list: [1234, "tok-abc"], "Pw-1234567": true, user: "root" };
        expect(redact(answer, ["Pw-1234567", "tok-abc", "1234"])).toEqual({
            echo: { password: "[secret]" },
            message: "set to [secret] for root",
            list: ["[secret]", "[secret]"],
            "[secret]": true,
            user: "root",
        });
        expect(redact(answer, [])).toBe(answer);
    });

    it("are taken out of error messages", () => {
        const error = redactError(new Error("POST /x answered 400: password Pw-1234567 is weak"), ["Pw-1234567"]) as Error;
        expect(error.message).toBe("POST /x answered 400: password [secret] is weak");
        const untouched = new Error("nothing secret");
        expect(redactError(untouched, ["Pw-1234567"])).toBe(untouched);
    });
});

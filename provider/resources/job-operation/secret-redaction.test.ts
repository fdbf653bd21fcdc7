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

    it("never change the words of a message: a secret that is also a word is replaced only where it is given as a value", () => {
        const secrets = ["password", "Pw-1234567", "8000"];
        expect(redact("password must contain 8 characters; passwords are checked", secrets)).toBe("password must contain 8 characters; passwords are checked");
        expect(redact('the password "password" is too weak', secrets)).toBe('the password "[secret]" is too weak');
        expect(redact("rejected password=password, retry", secrets)).toBe("rejected password=[secret], retry");
        expect(redact("password", secrets)).toBe("[secret]");
        // A secret with other characters than letters cannot be a word: replaced wherever it stands on its own.
        expect(redact("value Pw-1234567, then xPw-1234567 and Pw-12345678", secrets)).toBe("value [secret], then xPw-1234567 and Pw-12345678");
        expect(redact("port 8000 of 18000", secrets)).toBe("port [secret] of 18000");
        expect(redact({ port: 8000, other: 18000 }, secrets)).toEqual({ port: "[secret]", other: 18000 });
        // Characters of regular expressions in a secret are matched as themselves.
        expect(redact("a (x+y)*$ b x+y", ["(x+y)*$"])).toBe("a [secret] b x+y");
    });

    it("are taken out of error messages", () => {
        const error = redactError(new Error("POST /x answered 400: password Pw-1234567 is weak"), ["Pw-1234567"]) as Error;
        expect(error.message).toBe("POST /x answered 400: password [secret] is weak");
        const untouched = new Error("nothing secret");
        expect(redactError(untouched, ["Pw-1234567"])).toBe(untouched);
    });
});

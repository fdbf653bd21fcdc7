import { configSecretKeys } from "./plain-text-credentials";

test("reads the language host's list of secret config keys, and says 'unknown' rather than guess", () => {
    expect(configSecretKeys('["otc:password","app:dbPassword"]')).toEqual(new Set(["otc:password", "app:dbPassword"]));
    // A stack without any secret: known, and empty.
    expect(configSecretKeys("[]")).toEqual(new Set());
    expect(configSecretKeys("null")).toEqual(new Set());
    // Unset (an inline Automation API program) or unreadable: unknown, so no warning is given.
    expect(configSecretKeys(undefined)).toBeUndefined();
    expect(configSecretKeys("")).toBeUndefined();
    expect(configSecretKeys("{not json")).toBeUndefined();
    expect(configSecretKeys('{"otc:password":true}')).toBeUndefined();
});

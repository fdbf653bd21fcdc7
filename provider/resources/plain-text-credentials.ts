import * as pulumi from "@pulumi/pulumi";
import { plainTextCredentialKeys, plainTextCredentialWarning } from "../config/otc-settings";

/** Set by Pulumi's Node.js language host for the program: a JSON array of the config keys stored as secrets. */
const SECRET_KEYS_VARIABLE = "PULUMI_CONFIG_SECRET_KEYS";

let checked = false;

/**
 * Warns once per program, in `pulumi preview`/`up` output, of a secret credential (otc:password, otc:secretKey, …)
 * stored without `--secret`. Checked in the program rather than in the provider: the provider receives the
 * configuration with secrets unwrapped and cannot tell which keys were secrets. Silent where the language host
 * does not say (an Automation API inline program): nothing is guessed.
 */
export function warnOfPlainTextCredentials(env: NodeJS.ProcessEnv = process.env): void {
    if (checked) return;
    checked = true;
    const secretKeys = configSecretKeys(env[SECRET_KEYS_VARIABLE]);
    if (!secretKeys) return;
    const config = new pulumi.Config("otc");
    const keys = plainTextCredentialKeys({
        get: (key) => config.get(key.slice("otc:".length)),
        isSecret: (key) => secretKeys.has(key),
    });
    if (keys.length > 0) void pulumi.log.warn(plainTextCredentialWarning(keys, pulumi.getStack()));
}

/** `undefined` when the variable is unset or unreadable; `null` (no secret at all) is an empty set. */
export function configSecretKeys(value: string | undefined): Set<string> | undefined {
    if (value === undefined || value === "") return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        if (parsed === null) return new Set();
        return Array.isArray(parsed) && parsed.every((key) => typeof key === "string") ? new Set(parsed) : undefined;
    } catch {
        return undefined;
    }
}

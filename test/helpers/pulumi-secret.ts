/**
 * Pulumi's wire form of a secret: `{ [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE_VALUE, value }` (the SDK's
 * `runtime.specialSigKey` and `specialSecretSig`). Written out here rather than imported from the SDK, whose load
 * time every end-to-end file would pay, and rather than shared with the provider: the tests check the provider's
 * own copy against an independent one.
 */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** What a recorded secret output looks like, for `toMatchObject`. */
export const SECRET_MARKER: Readonly<Record<string, string>> = { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE_VALUE };

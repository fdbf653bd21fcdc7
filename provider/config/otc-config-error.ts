/** A setting is missing or malformed: the message names the config key and the environment variable. */
export class OtcConfigError extends Error {
    override readonly name = "OtcConfigError";
}

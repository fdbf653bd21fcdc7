/**
 * Credentials the simulator accepts when none are configured. They are public on purpose: the simulator
 * is a local test double, and examples and end-to-end tests need a pair that works out of the box.
 */
export const SIMULATOR_CREDENTIALS = Object.freeze({
    accessKey: "SIMULATORACCESSKEY0001",
    secretKey: "simulator-secret-key-not-a-real-secret",
});

/** The `X-Auth-Token` value the simulator accepts when no tokens are configured. */
export const SIMULATOR_TOKEN = "simulator-token";

/**
 * A project id for examples. The simulator accepts any alphanumeric project id and keeps state per project;
 * this one is the id used in the OTC documentation examples.
 */
export const SIMULATOR_PROJECT_ID = "0549b4a43100d4f32f51c01c2fe4acdb";

/**
 * The IAM user the simulator issues password tokens to when no users are configured (`POST /v3/auth/tokens`).
 * Public on purpose, like the AK/SK above.
 */
export const SIMULATOR_USER = Object.freeze({
    name: "simulator-user",
    password: "simulator-password-not-a-real-secret",
    domainName: "OTC-EU-DE-00000000001000000001",
});

/** The name of {@link SIMULATOR_PROJECT_ID}: a region's default project is named after the region. */
export const SIMULATOR_PROJECT_NAME = "eu-de";

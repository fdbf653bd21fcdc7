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

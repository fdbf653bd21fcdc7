/**
 * Thrown from a dynamic provider's create or update once the instance exists: the Pulumi host turns an error
 * with an `id` into `ErrorResourceInitFailed`, so the engine records the instance in state (with these
 * properties) instead of forgetting it, fails the deployment with `reasons`, and calls update on the next run.
 */
export class ResourceInitError extends Error {
    override readonly name = "ResourceInitError";
    constructor(
        message: string,
        readonly id: string,
        /** The outputs to record; must carry `__provider` or later refresh/delete cannot load the provider. */
        readonly properties: object,
        readonly reasons: string[] = [message],
    ) {
        super(message);
    }
}

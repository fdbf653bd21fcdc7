import { isInstanceGone } from "../../client/otc-api-error";
import type { EngineContext } from "./engine-context";
import type { LifecycleInputs, ManagedInstance } from "./instance-adapter";
import type { ResourceOperation } from "./resource-operation";

/**
 * Delete and wait. An instance already gone is success; a failed delete job is an error and the resource stays in
 * state. A busy instance (a job still running, maybe one left pending) is waited for. When the task center does not
 * know the delete job (or forgets it), the instance decides: gone is done.
 */
export async function deleteInstance<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    id: string,
    instanceName: string,
): Promise<void> {
    const { adapter } = engine;
    let jobId: string | undefined;
    let jobName = adapter.jobNames.delete;
    try {
        ({ jobId, jobName = jobName } = await op.submitWhenIdle(() => adapter.submitDelete(op.client, id)));
    } catch (error) {
        if (isInstanceGone(error)) {
            op.announce(`instance ${instanceName} (${id}) is already gone`);
            return;
        }
        throw error;
    }
    // Taken once OTC answered (after any wait while the instance was busy): the waiter measures progress from it.
    const submittedAt = new Date();
    const waitGone = () => engine.waitOnInstance(op, id, instanceName, "gone", jobName);
    if (!jobId) return waitGone();
    await op.waitForJob(
        { id: jobId, name: jobName, submittedAt },
        {
            identity: { instanceId: id, instanceName },
            timeoutHint: `The instance stays in state; run pulumi destroy (or pulumi up) again to wait for the deletion.`,
            whenJobUnknown: waitGone,
        },
    );
}

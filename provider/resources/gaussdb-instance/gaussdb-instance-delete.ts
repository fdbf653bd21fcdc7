import { isInstanceGone } from "../../client/otc-api-error";
import type { ResourceOperation } from "../lifecycle/resource-operation";
import { deleteGaussDbInstance, GAUSSDB_JOB_NAMES } from "./gaussdb-api";

/**
 * Delete and wait for the job. An instance that is already gone is success; a failed delete job is an error,
 * and the resource stays in state. A busy instance (a job still running, maybe one left pending) is waited for.
 */
export async function deleteGaussDbInstanceResource(op: ResourceOperation, id: string, instanceName: string): Promise<void> {
    const submittedAt = new Date();
    let jobId: string;
    try {
        ({ jobId } = await op.submitWhenIdle(() => deleteGaussDbInstance(op.client, id)));
    } catch (error) {
        if (isInstanceGone(error)) {
            op.announce(`instance ${instanceName} (${id}) is already gone`);
            return;
        }
        throw error;
    }
    await op.waitForJob(
        { id: jobId, name: GAUSSDB_JOB_NAMES.delete, submittedAt },
        { instanceId: id, instanceName },
        `The instance stays in state; run pulumi destroy (or pulumi up) again to wait for the deletion.`,
    );
}

import type { OtcCredentials } from "../../provider/client/credentials";
import { OtcClient } from "../../provider/client/otc-client";
import { SIMULATOR_CREDENTIALS } from "../../provider/simulator";
import { validCreateBody } from "../../provider/simulator/core/test-client";
import { type CreateGaussDbInstanceBody, createGaussDbInstance } from "../../provider/resources/gaussdb-instance/gaussdb-api";

/** Submits a real create through the real client (no retries), as a job to wait for. */
export async function submitCreateJob(
    endpoint: string,
    projectId: string,
    instanceName: string,
    credentials: OtcCredentials = SIMULATOR_CREDENTIALS,
): Promise<{ jobId: string; instanceId: string; instanceName: string }> {
    const client = new OtcClient({ endpoint, projectId, credentials, retries: 0 });
    const body = validCreateBody({ name: instanceName }) as unknown as CreateGaussDbInstanceBody;
    const { jobId, instanceId } = await createGaussDbInstance(client, body);
    return { jobId, instanceId, instanceName };
}

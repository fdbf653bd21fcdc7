import { z } from "zod";
import type { OtcClient, OtcRequest } from "./otc-client";

const jobIdAnswer = z.object({ job_id: z.string() });

/**
 * Sends one of OTC's asynchronous operations, whose answer is `{"job_id": …}` (whatever its 200/201/202 status), and
 * returns the job id for the waiter. Every service's API module submits its jobs through it.
 */
export async function requestJob(client: OtcClient, request: OtcRequest): Promise<{ jobId: string }> {
    const { body } = await client.call(request, jobIdAnswer);
    return { jobId: body.job_id };
}

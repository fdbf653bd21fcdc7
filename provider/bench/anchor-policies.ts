import type { PollContext, PollPolicy } from "../jobs/poll-policy";

/**
 * The waiters other tools use (see `waiter-anchors.md`), re-expressed as {@link PollPolicy} so the bench
 * can run them on the same jobs. Each follows its row of the anchors table; the only liberty taken is the
 * contract every policy here shares: never sleep past the deadline (the last poll lands on it), and honour
 * Retry-After (the bench sends none, so only Azure's documented behaviour would differ).
 */
export interface AnchorPolicy {
    /** Row label, as in the anchors table. */
    label: string;
    policy: PollPolicy;
}

/** Builds a policy from "delay before poll number n" (n = 0 for the first poll). */
function fromSchedule(delayForPoll: (pollIndex: number, ctx: PollContext) => number): PollPolicy {
    return {
        nextDelayMs(ctx: PollContext): number {
            const wanted = delayForPoll(ctx.history.length, ctx);
            const untilDeadline = Math.max(0, ctx.deadlineMs - ctx.nowMs);
            return Math.max(Math.min(wanted, untilDeadline), ctx.retryAfterMs ?? 0);
        },
    };
}

/** Fixed interval, first poll after `firstMs`. */
function fixed(firstMs: number, everyMs: number): PollPolicy {
    return fromSchedule((n) => (n === 0 ? firstMs : everyMs));
}

/** OTC Go SDK, GaussDB job helper: every 1 s. */
export const otcGoSdkGaussDb = fixed(1_000, 1_000);

/** OTC Go SDK, RDS job helper: every ~11 s. */
export const otcGoSdkRds = fixed(11_000, 11_000);

/** Huawei Terraform provider, openGauss create: 300 s delay, then every 10 s. */
export const huaweiTerraformCreate = fixed(300_000, 10_000);

/** Huawei Terraform provider, openGauss delete: 5 s delay, then every 10 s. */
export const huaweiTerraformDelete = fixed(5_000, 10_000);

/** Terraform plugin SDK `StateChangeConf` defaults: no delay, then 0.2 s doubling, capped at 10 s. */
export const terraformStateChangeConf = fromSchedule((n) => (n === 0 ? 0 : Math.min(10_000, 100 * 2 ** n)));

/**
 * AWS SDK (Smithy waiters), min 2 s, max 120 s: attempt n waits a uniform random time in
 * [min, min·2^(n-1)], and max once that bound passes it.
 */
export const awsSmithyWaiter = fromSchedule((n, ctx) => {
    const minMs = 2_000;
    const maxMs = 120_000;
    const attempt = n + 1;
    const attemptCeiling = Math.log2(maxMs / minMs) + 1;
    if (attempt > attemptCeiling) return maxMs;
    const upperMs = minMs * 2 ** (attempt - 1);
    return minMs + ctx.random() * (upperMs - minMs);
});

/** AWS CDK provider framework `isComplete`: immediately, then every 5 s. */
export const awsCdkIsComplete = fixed(0, 5_000);

/** Google LRO (gax): immediately, then 100 ms growing ×1.3 per poll, capped at 60 s. */
export const googleLro = fromSchedule((n) => (n === 0 ? 0 : Math.min(60_000, 100 * 1.3 ** (n - 1))));

/** Azure core-lro: every 2 s, or Retry-After when the service sends one. */
export const azureCoreLro = fixed(2_000, 2_000);

/** Crossplane managed resources: every minute. */
export const crossplane = fixed(60_000, 60_000);

export const ANCHOR_POLICIES: readonly AnchorPolicy[] = [
    { label: "OTC Go SDK GaussDB (1 s)", policy: otcGoSdkGaussDb },
    { label: "OTC Go SDK RDS (11 s)", policy: otcGoSdkRds },
    { label: "Huawei TF openGauss create (300 s, 10 s)", policy: huaweiTerraformCreate },
    { label: "Huawei TF openGauss delete (5 s, 10 s)", policy: huaweiTerraformDelete },
    { label: "Terraform StateChangeConf (0, 0.2 s ×2 ≤ 10 s)", policy: terraformStateChangeConf },
    { label: "AWS Smithy waiter (2–120 s, jitter)", policy: awsSmithyWaiter },
    { label: "AWS CDK isComplete (0, 5 s)", policy: awsCdkIsComplete },
    { label: "Google LRO (0, 0.1 s ×1.3 ≤ 60 s)", policy: googleLro },
    { label: "Azure core-lro (2 s)", policy: azureCoreLro },
    { label: "Crossplane (60 s)", policy: crossplane },
];

import type * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

/** Inputs that only steer later requests or waits: a change is recorded, nothing is sent. */
const RECORDED_KEYS = ["update", "delete", "lookup", "secretPaths", "jobIdPointer", "jobsPath", "timeouts"];

/**
 * The diff of both halves of an OtcJobOperation. Re-running is a replacement (delete first: the old operation's
 * delete request, if any, goes out before the new create) when `create`, its body, `endpoint` or `service`
 * change, or `triggers` change and there is no `update` request; with an `update` request a `triggers` change
 * (and new job ids from the request half) is an in-place update that sends it. Everything else is recorded only.
 */
export function diffJobOperation(oldProps: object, newProps: object): pulumi.dynamic.DiffResult {
    const olds = oldProps as Props;
    const news = newProps as Props;
    const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
    const bodyOf = (props: Props, kind: string) => (props["bodies"] as Props | undefined)?.[kind];
    const hasUpdate = news["update"] !== undefined;
    const replaces: string[] = [];
    for (const key of ["endpoint", "service", "create"]) if (differs(olds[key], news[key])) replaces.push(key);
    if (differs(bodyOf(olds, "create"), bodyOf(news, "create")) && !replaces.includes("create")) replaces.push("create");
    const rerun: string[] = [];
    if (differs(olds["triggers"], news["triggers"])) rerun.push("triggers");
    // Only the operation half has jobIds among its inputs (the request half's jobs, unknown at preview).
    if ("jobIds" in news && differs(olds["jobIds"], news["jobIds"])) rerun.push("jobIds");
    if (!hasUpdate) replaces.push(...rerun);
    const recorded = RECORDED_KEYS.filter((key) => differs(olds[key], news[key]));
    for (const kind of ["update", "delete", "lookup"]) if (differs(bodyOf(olds, kind), bodyOf(news, kind)) && !recorded.includes(kind)) recorded.push(kind);
    const pending = olds["pendingJobs"] !== undefined;
    const changes = replaces.length > 0 || rerun.length > 0 || recorded.length > 0 || pending;
    return {
        changes,
        ...(replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {}),
    };
}

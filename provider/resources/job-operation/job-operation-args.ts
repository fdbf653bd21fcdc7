import type * as pulumi from "@pulumi/pulumi";

/** The methods an operation request may use. */
export type OtcHttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/** One request of an operation: what is sent, and where its answer names the job. */
export interface OtcRequestArgs {
    /** `GET`, `POST`, `PUT`, `DELETE` or `PATCH`; another value is refused at preview. */
    method: pulumi.Input<OtcHttpMethod>;
    /**
     * Path below the endpoint, starting with `/`: `"/v3/{project_id}/instances/<id>/restart"`. `{project_id}` is
     * filled in with the stack's project id. A path not starting with `/` is refused at preview.
     */
    path: pulumi.Input<string>;
    /**
     * The JSON body (any value; not sent with `GET`). Always stored as a secret; values that are secrets in the
     * program (`config.requireSecret`, `pulumi.secret`) are also replaced by `[secret]` wherever OTC's answer or an
     * error message repeats them.
     */
    body?: pulumi.Input<unknown>;
    /** Query parameters. */
    query?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
    /** Where this request's answer names its job, when not where the operation's {@link OtcJobOperationArgs.jobIdPointer} says. */
    jobIdPointer?: pulumi.Input<string>;
}

/**
 * A request that finds an operation already submitted, run before every create request. It matters after an
 * interrupted `pulumi up` that had sent the create request but had not yet recorded its answer (a window of
 * milliseconds, or longer when the answer was lost on the network): without it, that run's request is sent again.
 */
export interface OtcLookupArgs {
    /** Default `GET`. */
    method?: pulumi.Input<OtcHttpMethod>;
    /** Path below the endpoint, like {@link OtcRequestArgs.path}: e.g. the task list, `"/v3/{project_id}/tasks"`. */
    path: pulumi.Input<string>;
    query?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
    /** Sent with methods other than `GET`; stored as a secret. */
    body?: pulumi.Input<unknown>;
    /**
     * Where the lookup's answer names the job already submitted (e.g. `"/tasks/0/job_id"` with a query that lists
     * only running jobs of that name). Found, without `found`, when it names at least one id: that job is waited for
     * and no create request is sent.
     */
    jobIdPointer?: pulumi.Input<string>;
    /**
     * Found when the answer has a value at `pointer` (equal to `equals`, when given, compared as JSON). Then no create
     * request is sent; the operation's jobs are those at `jobIdPointer`, if given, else none.
     */
    found?: pulumi.Input<{ pointer: pulumi.Input<string>; equals?: pulumi.Input<unknown> }>;
}

/** The arguments of an {@link OtcJobOperation}. Give `endpoint` or `service`, not both. */
export interface OtcJobOperationArgs {
    /** The service's URL, e.g. `"https://gaussdb.eu-de.otc.t-systems.com"` (a path prefix such as `/mysql` is kept). */
    endpoint?: pulumi.Input<string>;
    /**
     * `"gaussdb"` (openGauss), `"rds"` or `"taurusdb"`: the endpoint comes from the stack's settings, as for the
     * instance resources (`otc:gaussdbEndpoint`, `otc:rdsEndpoint`, `otc:taurusdbEndpoint`, `otc:endpoint`, region).
     */
    service?: pulumi.Input<"gaussdb" | "rds" | "taurusdb">;
    /** Sent by `pulumi up` when the operation is created, and again whenever it is replaced (see `triggers`). */
    create: OtcRequestArgs;
    /** Sent instead of `create` when `triggers` change. Without it, a change of `triggers` replaces the operation. */
    update?: OtcRequestArgs;
    /**
     * Sent when the operation is destroyed or replaced (before the new `create`), and its job waited for. Without it,
     * destroying the operation only forgets it. An answer 404 counts as done.
     */
    delete?: OtcRequestArgs;
    /**
     * Where the answer names the job (RFC 6901 JSON pointer). The value may be an id, comma-joined ids or an array of
     * ids: every job is waited for. Default `"/job_id"`.
     */
    jobIdPointer?: pulumi.Input<string>;
    /**
     * The task center's job query, polled as `<jobsPath>?id=<job id>`. Default `"/v3/{project_id}/jobs"`;
     * TaurusDB's legacy one is `"/mysql/v3/{project_id}/jobs"`.
     */
    jobsPath?: pulumi.Input<string>;
    /**
     * Any values: a change runs the operation again, by sending `update` when given, otherwise by replacing it
     * (`delete` if given, then `create`). A change of `create`, `endpoint` or `service` always replaces it; a change of
     * anything else is recorded and sends nothing.
     */
    triggers?: pulumi.Input<unknown>;
    /** Finds an operation an interrupted run submitted, before a create request is sent; see {@link OtcLookupArgs}. */
    lookup?: OtcLookupArgs;
}

/**
 * Pulumi's resource options. `customTimeouts` bound each wait (default 60 minutes for create, update and delete;
 * honoured: the engine itself ignores them for dynamic resources); `deleteBeforeReplace` defaults to `true`, so a
 * replacement sends the old operation's `delete` before the new `create`; `dependsOn` and `protect` apply to the
 * `<name>-request` resource too.
 */
export interface OtcJobOperationOptions extends pulumi.CustomResourceOptions {}

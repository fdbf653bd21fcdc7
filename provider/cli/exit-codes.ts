/** Exit codes of `otc-jobs wait`, documented in the README; pipelines branch on them. */
export const EXIT = {
    completed: 0,
    failed: 1,
    usage: 2,
    timedOut: 3,
    authOrConfig: 4,
    notFound: 5,
    otherError: 6,
    interrupted: 130,
} as const;

const { relative } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

// Longest test files first, so that no long file starts last and runs alone while the other workers idle (the run
// ends when its longest tail does). Jest's own order needs timings cached by an earlier run on the same machine and
// otherwise goes by file size, which puts the small end-to-end files (a minute or more of `pulumi up` each) behind
// the big unit-test files. Figures: seconds per file on a quiet 2-core machine with two workers (CI, issue 19); the
// gaussdb-instance-provider files measured after the split; gaussdb-failures and gaussdb-lifecycle scaled by their
// one-worker wall time before and after their tests shared instances (237 -> 122 s, and one test of 11 s fewer).
// Only the order depends on them: a file missing here is placed by its directory's typical time, so a stale or
// missing figure costs time, never a test.
const SECONDS = {
    "test/e2e/otc-job-operation.test.ts": 118,
    "test/e2e/gaussdb-backup.test.ts": 97,
    "test/e2e/gaussdb-failures.test.ts": 94,
    "test/e2e/rds-failures.test.ts": 91,
    "test/e2e/gaussdb-ownership.test.ts": 89,
    "test/integration/wait-command.test.ts": 72,
    "test/e2e/user-project.test.ts": 69,
    "test/e2e/rds-lifecycle.test.ts": 68,
    "test/e2e/rds-backup.test.ts": 61,
    "test/e2e/pulumi-versions.test.ts": 59,
    "test/e2e/taurusdb-lifecycle.test.ts": 55,
    "test/e2e/gaussdb-lifecycle.test.ts": 53,
    "test/e2e/gaussdb-interruptions.test.ts": 53,
    "test/e2e/taurusdb-failures.test.ts": 52,
    "test/integration/gaussdb-instance-provider-update.test.ts": 50,
    "test/integration/gaussdb-instance-provider-forgotten-jobs.test.ts": 50,
    "test/integration/gaussdb-instance-provider-delete.test.ts": 50,
    "test/integration/gaussdb-instance-provider-create.test.ts": 45,
    "test/e2e/upgrade-from-main.test.ts": 43,
    "test/integration/gaussdb-backup-provider.test.ts": 42,
    "test/integration/job-operation-provider.test.ts": 36,
    "test/e2e/demo.test.ts": 34,
    "test/e2e/packaged-install.test.ts": 34,
    "test/e2e/upgrade-from-0.1.0.test.ts": 28,
    "test/integration/rds-provider.test.ts": 25,
    "test/e2e/taurusdb-interruptions.test.ts": 23,
    "test/integration/taurusdb-instance-provider.test.ts": 15,
    "test/integration/gaussdb-instance-provider.test.ts": 10,
};
const TYPICAL_SECONDS = { "test/e2e/": 60, "test/integration/": 30 };

function expectedSeconds(test) {
    const path = relative(test.context.config.rootDir, test.path).split("\\").join("/");
    if (path in SECONDS) return SECONDS[path];
    const dir = Object.keys(TYPICAL_SECONDS).find((prefix) => path.startsWith(prefix));
    return dir ? TYPICAL_SECONDS[dir] : 3;
}

class LongestFirstSequencer extends Sequencer {
    sort(tests) {
        // Jest's order (failed first, then its timings or sizes) breaks ties among the files without a figure.
        const byJest = super.sort([...tests]);
        return byJest
            .map((test, rank) => ({ test, rank, seconds: expectedSeconds(test) }))
            .sort((a, b) => b.seconds - a.seconds || a.rank - b.rank)
            .map(({ test }) => test);
    }
}

module.exports = LongestFirstSequencer;

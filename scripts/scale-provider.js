#!/usr/bin/env node
// The provider alone at scale, without the Pulumi engine: the real GaussDB provider (one RuntimeContext, as one
// provider process has) creating N instances against a simulator child process over loopback HTTP. Faster than
// `npm run bench:scale` and free of the engine's own pacing, so it shows what the rate limiter and the waiters do.
//
//   npm run build && node scripts/scale-provider.js <coalesced|single> [N=1000] [spreadSeconds=0] [requestsPerSecond=40]
//
// spreadSeconds 0 starts every create at once (a deeper burst than the engine makes); 120 spreads them evenly.
// Prints one JSON line: wall time, when the last create was submitted / ended / returned (s), job-API calls, 429s,
// and per instance the time from its job's end to the provider's create returning (mean, p50, p95, max).
// SCALE_TRACE=file writes every coalesced lookup and task-list read with its time (one mode per process: the
// rate limiter is shared per origin within a process).
"use strict";
const { spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const dist = path.resolve(__dirname, "../dist");
const { RuntimeContext } = require(`${dist}/resources/runtime-context`);
const { ProgressReporter } = require(`${dist}/jobs/progress-reporter`);
const { LifecycleProvider } = require(`${dist}/resources/lifecycle/lifecycle-provider`);
const { gaussDbInstanceAdapter } = require(`${dist}/resources/gaussdb-instance/gaussdb-instance-adapter`);
const { CoalescingJobStatusSource } = require(`${dist}/jobs/coalescing-job-status-source`);

const [mode = "coalesced", n = "1000", spread = "0", rate = "40"] = process.argv.slice(2);
if (mode !== "coalesced" && mode !== "single") throw new Error(`mode must be coalesced or single, got ${mode}`);
const count = Number(n);
const spreadMs = Number(spread) * 1000;
const t0 = Date.now();
const seconds = (ms) => ((ms - t0) / 1000).toFixed(1);

const trace = [];
if (process.env.SCALE_TRACE) {
    const lookup = CoalescingJobStatusSource.prototype.lookup;
    CoalescingJobStatusSource.prototype.lookup = function (jobId, options = {}) {
        const at = seconds(Date.now());
        return lookup.call(this, jobId, options).then((r) => {
            trace.push(`${at} -> ${seconds(Date.now())} lookup ${jobId} maxStaleness=${options.maxStalenessMs} ${r.kind} ${r.job?.status ?? ""} ${r.job?.progressPercent ?? ""}`);
            return r;
        });
    };
    const read = CoalescingJobStatusSource.prototype.readTaskList;
    CoalescingJobStatusSource.prototype.readTaskList = function (wanted) {
        const at = seconds(Date.now());
        return read.call(this, wanted).then((found) => {
            trace.push(`${at} -> ${seconds(Date.now())} read wanted=${wanted.size} found=${found.size} pages=${this.lastPages}`);
            return found;
        });
    };
}

function inputsFor(i) {
    const name = `scale-db-${i}`;
    return {
        name,
        flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
        volume: { type: "ULTRAHIGH", size: 40 },
        password: "Scale-Passw0rd!",
        availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
        vpcId: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
        subnetId: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
        securityGroupId: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
        ha: { mode: "enterprise" },
        ownerUrn: `urn:pulumi:scale::scale::pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance::${name}`,
        ownership: { token: crypto.randomBytes(16).toString("hex"), createdAt: new Date().toISOString() },
        timeouts: {},
        keepFailedInstance: false,
        __provider: "scale",
    };
}

async function startSimulator() {
    const sim = spawn(process.execPath, [`${dist}/cli/main.js`, "simulator", "--port", "0", "--rate-limit", rate, "--time-scale", "20"], {
        stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise((resolve, reject) => {
        let out = "";
        sim.once("exit", (code) => reject(new Error(`the simulator exited (${code})`)));
        sim.stdout.on("data", (chunk) => {
            out += chunk;
            const m = /listening on (\S+)/.exec(out);
            if (m) resolve(m[1]);
        });
    });
    return { sim, url };
}

async function createJobs(url, projectId) {
    const headers = { "X-Auth-Token": "simulator-token" };
    const tasks = [];
    for (let offset = 0; ; offset += 100) {
        const answer = await fetch(`${url}/v3/${projectId}/tasks?name=CreateGaussDBV5Instance&limit=100&offset=${offset}`, { headers });
        if (answer.status === 429) {
            await new Promise((resolve) => setTimeout(resolve, 1000));
            offset -= 100;
            continue;
        }
        const page = (await answer.json()).tasks ?? [];
        tasks.push(...page);
        if (page.length < 100) return tasks;
    }
}

(async () => {
    const { sim, url } = await startSimulator();
    const projectId = `scale${mode}${Date.now().toString(36)}`;
    const runtime = new RuntimeContext({ reporter: new ProgressReporter({ write: () => undefined, timer: false }), env: {} });
    const config = {
        "otc:endpoint": url,
        "otc:projectId": projectId,
        "otc:region": "eu-de",
        "otc:accessKey": "SIMULATORACCESSKEY0001",
        "otc:secretKey": "simulator-secret-key-not-a-real-secret",
        "otc:coalescePolls": String(mode === "coalesced"),
        "otc:maxRequestsPerSecond": rate,
    };
    const provider = new LifecycleProvider(gaussDbInstanceAdapter, runtime);
    await provider.configure({ config: { get: (key) => config[key] } });
    const returned = new Map();
    let failures = 0;
    await Promise.all(
        Array.from({ length: count }, async (_, i) => {
            await new Promise((resolve) => setTimeout(resolve, (i * spreadMs) / count));
            try {
                const checked = await provider.check({}, inputsFor(i));
                if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
                const { outs } = await provider.create(checked.inputs);
                returned.set(outs.instanceName, Date.now());
            } catch (error) {
                failures++;
                console.error(`scale-db-${i}: ${error.message}`);
            }
        }),
    );
    const wallMs = Date.now() - t0;
    const stats = await (await fetch(`${url}/_sim/stats`)).json();
    const jobs = await createJobs(url, projectId);
    const at = (otcTime) => Date.parse(otcTime.replace(/\+0000$/, "Z"));
    const lags = jobs
        .filter((t) => t.ended_at && returned.has(t.instance_info.instance_name))
        .map((t) => (returned.get(t.instance_info.instance_name) - at(t.ended_at)) / 1000)
        .sort((a, b) => a - b);
    const q = (p) => lags[Math.floor(p * (lags.length - 1))]?.toFixed(1);
    console.log(
        JSON.stringify({
            mode,
            instances: count,
            spreadSeconds: spreadMs / 1000,
            requestsPerSecond: Number(rate),
            wallSeconds: (wallMs / 1000).toFixed(1),
            created: returned.size,
            failures,
            lastSubmitted: seconds(Math.max(...jobs.map((t) => at(t.created_at)))),
            lastEnded: seconds(Math.max(...jobs.map((t) => (t.ended_at ? at(t.ended_at) : Number.NaN)))),
            lastReturned: seconds(Math.max(...returned.values())),
            // Made by the provider; this script's own task-list pages (after the counters) are not in them.
            singleJobCalls: stats.requests["GET /v3/{pid}/jobs"] ?? 0,
            taskListCalls: stats.requests["GET /v3/{pid}/tasks"] ?? 0,
            throttled: stats.throttled,
            jobEndToReturn: { mean: (lags.reduce((s, x) => s + x, 0) / lags.length).toFixed(1), p50: q(0.5), p95: q(0.95), max: q(1) },
        }),
    );
    if (process.env.SCALE_TRACE) fs.writeFileSync(process.env.SCALE_TRACE, trace.join("\n") + "\n");
    sim.kill();
    process.exit(failures === 0 ? 0 : 1);
})().catch((error) => {
    console.error(error);
    process.exit(1);
});

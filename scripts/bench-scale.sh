#!/usr/bin/env bash
# npm run bench:scale — the real `pulumi up` creating N (default 100) GaussDB instances at once (--parallel N)
# against the simulator throttled to 10 requests/s per project, once with job polls coalesced through the
# task list and once without, in the same run. Prints job-API calls, 429s, wall time and the provider
# process's peak memory (VmHWM) for each, then destroys the instances.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pulumi-env.sh

count="${SCALE_INSTANCES:-100}"
rate="${SCALE_RATE_LIMIT:-10}"
# The provider's own limit per endpoint: the simulator's, so any 429 would show a limiter that is too loose.
client_rate="${SCALE_CLIENT_RPS:-$rate}"
# 20x: a 12-minute create takes 36 s, long enough for polls to matter next to the request queue.
time_scale="${SCALE_TIME_SCALE:-20}"
# SCALE_SKIP_CHECKPOINTS=1: the engine writes the state once at the end instead of after every step
# (PULUMI_SKIP_CHECKPOINTS, an engine option, not this package's). From about 1,000 instances on, rewriting
# the whole state file (7 MB at 1,000 instances) for every step start and end is what bounds `pulumi up` on a
# small machine, the same in both modes; without it the run measures the provider: creates and polling.
if [ "${SCALE_SKIP_CHECKPOINTS:-0}" = 1 ]; then export PULUMI_SKIP_CHECKPOINTS=true; fi
work="$(mktemp -d "${TMPDIR:-/tmp}/otc-jobs-scale-XXXXXX")"
trap 'kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

node dist/cli/main.js simulator --port 0 --rate-limit "$rate" --time-scale "$time_scale" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 100); do
    url="$(sed -n 's/^OTC simulator listening on //p' "$work/sim.out")"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/sim.err" >&2; exit 1; }

stats() { node -e 'fetch(process.argv[1] + "/_sim/stats").then(r => r.text()).then(t => process.stdout.write(t))' "$url"; }
# stats_delta BEFORE AFTER PROJECT -> "jobs tasks total throttled instances"
stats_delta() {
    node -e '
        const [b, a, pid] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2]), process.argv[3]];
        const d = (k) => (a.requests[k] ?? 0) - (b.requests[k] ?? 0);
        const total = Object.keys(a.requests).reduce((s, k) => s + d(k), 0);
        console.log([d("GET /v3/{pid}/jobs"), d("GET /v3/{pid}/tasks"), total, a.throttled - b.throttled, a.instancesByProject[pid] ?? 0].join(" "));
    ' "$1" "$2" "$3"
}

# stamp_lines START: prefixes every line of stdin with "[seconds since START]".
stamp_lines() {
    node -e '
        const start = Number(process.argv[1]) * 1000;
        require("node:readline").createInterface({ input: process.stdin }).on("line", (line) =>
            process.stdout.write(`[${((Date.now() - start) / 1000).toFixed(1).padStart(7)}] ${line}\n`));
    ' "$1"
}

# timing PROJECT START UP_LOG -> "submitted active engine notice_mean notice_p95 running": from the simulator's
# task list (whole seconds) and the stamped pulumi output, in seconds from START: the last create job submitted,
# the last one ended (the last instance ACTIVE), the engine's last "created"; per instance, from its job's end
# to the engine's "created" (mean and p95: the provider noticing the end, reading the instance back, and the
# engine recording it); and the most create jobs running at once.
timing() {
    node -e '
        const [url, pid, start, log, keep] = [process.argv[1], process.argv[2], Number(process.argv[3]), process.argv[4], process.argv[5]];
        const at = (s) => Date.parse(s.replace(/\+0000$/, "Z")) / 1000 - start;
        (async () => {
            const tasks = [];
            for (let offset = 0; ; offset += 100) {
                const r = await fetch(`${url}/v3/${pid}/tasks?name=CreateGaussDBV5Instance&limit=100&offset=${offset}`, { headers: { "X-Auth-Token": "simulator-token" } });
                if (r.status === 429) { await new Promise((ok) => setTimeout(ok, 1000)); offset -= 100; continue; }
                const page = (await r.json()).tasks ?? [];
                tasks.push(...page);
                if (page.length < 100) break;
            }
            if (keep) require("node:fs").writeFileSync(keep, JSON.stringify({ start, tasks }));
            const created = new Map();
            for (const line of require("node:fs").readFileSync(log, "utf8").split("\n")) {
                const m = /^\[ *([0-9.]+)\] .*GaussDbInstance (\S+) created/.exec(line);
                if (m) created.set(m[2], Number(m[1]));
            }
            const notices = [];
            let running = 0, most = 0;
            const events = [];
            for (const t of tasks) {
                const name = t.instance_info.instance_name.replace(/-[0-9a-f]{8}$/, "");
                if (t.ended_at && created.has(name)) notices.push(created.get(name) - at(t.ended_at));
                events.push([at(t.created_at), 1]);
                if (t.ended_at) events.push([at(t.ended_at), -1]);
            }
            events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            for (const [, d] of events) most = Math.max(most, (running += d));
            notices.sort((a, b) => a - b);
            const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : "?");
            const mean = notices.reduce((s, x) => s + x, 0) / notices.length;
            console.log(f(Math.max(...tasks.map((t) => at(t.created_at)))), f(Math.max(...tasks.map((t) => (t.ended_at ? at(t.ended_at) : NaN)))),
                f(Math.max(...created.values())), mean.toFixed(1), (notices[Math.floor(0.95 * (notices.length - 1))] ?? NaN).toFixed(1), most);
        })().catch((e) => { console.error(e); console.log("? ? ? ? ? ?"); });
    ' "$url" "$1" "$2" "$3" "${4:-}"
}

# Peak RSS of the dynamic-provider process(es), sampled from /proc while pulumi runs.
sample_peak_kb() {
    local out="$1" peak=0
    while [ -e "$out.run" ]; do
        for status in /proc/[0-9]*/status; do
            pid="${status#/proc/}"; pid="${pid%/status}"
            { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q 'cmd/dynamic-provider' || continue
            hwm="$(awk '/^VmHWM:/ {print $2}' "$status" 2>/dev/null || true)"
            [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak="$hwm"
            # utime + stime, in clock ticks (fields 14 and 15; comm, field 2, holds no spaces here)
            ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)"
            [ -n "$ticks" ] && echo "$ticks" >"$out.ticks.$pid"
        done
        echo "$peak" >"$out"
        sleep 0.2
    done
}

run_mode() {
    local mode="$1" coalesce="$2"
    local dir="$work/$mode" project="scale${mode}$$"
    mkdir -p "$dir/state"
    export PULUMI_HOME="$dir/home" PULUMI_BACKEND_URL="file://$dir/state" PULUMI_CONFIG_PASSPHRASE=scale
    export OS_ACCESS_KEY=SIMULATORACCESSKEY0001 OS_SECRET_KEY=simulator-secret-key-not-a-real-secret OS_PROJECT_ID="$project"
    local cfg="$dir/Pulumi.scale.yaml" args=(--stack scale --non-interactive --color never)
    pulumi stack init scale --non-interactive >/dev/null
    mv Pulumi.scale.yaml "$cfg" # the salt `stack init` writes beside Pulumi.yaml
    pulumi config set "${args[@]}" --config-file "$cfg" otc:endpoint "$url"
    pulumi config set "${args[@]}" --config-file "$cfg" otc:region eu-de
    pulumi config set "${args[@]}" --config-file "$cfg" otc:coalescePolls "$coalesce"
    pulumi config set "${args[@]}" --config-file "$cfg" otc:maxRequestsPerSecond "$client_rate"
    pulumi config set "${args[@]}" --config-file "$cfg" instances "$count"
    pulumi config set "${args[@]}" --config-file "$cfg" name "scale-db"
    pulumi config set "${args[@]}" --config-file "$cfg" --secret dbPassword "Scale-Passw0rd!"

    local before after start end code
    [ -z "${SCALE_KEEP:-}" ] || mkdir -p "$SCALE_KEEP"
    before="$(stats)"
    local load_start
    load_start="$(cut -d" " -f1 /proc/loadavg)"
    touch "$dir/peak.run"; sample_peak_kb "$dir/peak" & local sampler=$!
    # Every checkpoint the engine writes (time, bytes), to show what a step costs as the state grows.
    node scripts/checkpoint-watch.js "$dir/state" "$dir/checkpoints" & local watcher=$!
    start=$(date +%s.%N)
    set +e
    # Each output line is stamped with the seconds since the start, to see when the engine reported the
    # last instance created (the rest of the wall time is the engine's own, after every wait has ended).
    pulumi up "${args[@]}" --config-file "$cfg" --yes --skip-preview --parallel "$count" 2>&1 | stamp_lines "$start" >"$dir/up.log"
    code=${PIPESTATUS[0]}
    set -e
    end=$(date +%s.%N)
    rm -f "$dir/peak.run"; wait "$sampler" || true
    kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true
    local writes state_bytes
    read -r writes state_bytes < <(node scripts/checkpoint-watch.js --summary "$dir/checkpoints")
    { echo "$mode: $writes checkpoints written, state $((state_bytes / 1024)) KB at the end; by state size: size | writes | gap between writes, median | p90"
      node scripts/checkpoint-watch.js --summary "$dir/checkpoints" | tail -n +2; } >>"$work/checkpoints"
    [ -z "${SCALE_KEEP:-}" ] || cp "$dir/checkpoints" "$SCALE_KEEP/checkpoints-$mode" 2>/dev/null || true
    # Provider CPU seconds (user + system) over the dynamic-provider process(es) of this pulumi up.
    cat "$dir"/peak.ticks.* 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.0f", s / hz}' >"$dir/cpu"
    after="$(stats)"
    read -r jobs tasks total throttled instances <<<"$(stats_delta "$before" "$after" "$project")"
    # After the counters are read, so these task-list reads are not counted as the provider's.
    local submitted active engine notice_mean notice_p95 running
    read -r submitted active engine notice_mean notice_p95 running <<<"$(timing "$project" "$start" "$dir/up.log" "${SCALE_KEEP:+$SCALE_KEEP/tasks-$mode.json}")"
    [ -z "${SCALE_KEEP:-}" ] || { cp "$dir/up.log" "$SCALE_KEEP/up-$mode.log"; cp "$dir/cpu" "$SCALE_KEEP/cpu-$mode" 2>/dev/null || true; }
    local wall peak_mb
    wall="$(node -p "($end - $start).toFixed(1)")"
    peak_mb="$(node -p "($(cat "$dir/peak") / 1024).toFixed(0)")"
    [ "$code" -eq 0 ] || { tail -50 "$dir/up.log" >&2; echo "pulumi up failed in mode $mode" >&2; }
    printf '| %s | %s | %s/%s | %s | %s | %s | %s | %s s | %s MB | %s KB | %s | %s |\n' \
        "$mode" "$([ "$code" -eq 0 ] && echo ok || echo FAILED)" "$instances" "$count" "$jobs" "$tasks" "$((jobs + tasks))" "$throttled" "$wall" "$peak_mb" \
        "$((state_bytes / 1024))" "$writes" "$load_start" >>"$work/table"
    echo "$mode $code $instances $((jobs + tasks)) $throttled $wall $peak_mb" >>"$work/results"
    printf '| %s | %s s | %s s | %s s | %s s | %s s · %s s | %s | %s s |\n' "$mode" "$submitted" "$active" "$engine" "$wall" \
        "$notice_mean" "$notice_p95" "$running" "$(cat "$dir/cpu")" >>"$work/timing"
    # SCALE_SKIP_DESTROY=1: leave the instances to the simulator, which ends with the run (saves minutes at 1,000).
    [ "${SCALE_SKIP_DESTROY:-0}" = 1 ] && return 0
    pulumi destroy "${args[@]}" --config-file "$cfg" --yes --skip-preview --parallel "$count" >"$dir/destroy.log" 2>&1 || {
        tail -20 "$dir/destroy.log" >&2
        echo "destroy failed in mode $mode" >&2
    }
}

echo "load average at the start: $(cut -d" " -f1-3 /proc/loadavg)"
echo "scale run: $count instances (--parallel $count), simulator limited to $rate requests/s per project, provider limited to $client_rate/s, time scale ${time_scale}x ($url)${PULUMI_SKIP_CHECKPOINTS:+, engine checkpoints skipped}"
printf '| polls | pulumi up | instances ACTIVE | GET /jobs | GET /tasks | job-API calls | 429s | wall time | provider peak RSS | state | checkpoints | load at start |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n' >"$work/table"
# SCALE_MODES="coalesced" (or "single") runs one mode only, for a closer look; the checks below need both.
modes="${SCALE_MODES:-coalesced single}"
case " $modes " in *" coalesced "*) run_mode coalesced true ;; esac
case " $modes " in *" single "*) run_mode single false ;; esac
cat "$work/table"
echo
echo "seconds from the start of pulumi up: last create job submitted, last instance ACTIVE (simulator), last instance reported created (engine), end;"
echo "per instance, from its job's end to the engine's \"created\" (mean · p95); most create jobs running at once; provider CPU time"
printf '| polls | last create submitted | last ACTIVE | engine: last created | pulumi up ends | job end → created | most running | provider CPU |\n|---|---|---|---|---|---|---|---|\n'
cat "$work/timing"
echo
cat "$work/checkpoints"
echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"

# (Two patterns: in " coalesced single " the space between the names can match only one of them.)
case " $modes " in *" coalesced "*) ;; *) exit 0 ;; esac
case " $modes " in *" single "*) ;; *) exit 0 ;; esac
# The targets: coalescing never costs more job-API calls or wall time than single-job polling; from 300
# instances on it spends at most a fifth of the calls; every create succeeds (a 429 is retried, never a failure).
node -e '
    const [count, text] = [Number(process.argv[1]), process.argv[2]];
    const rows = Object.fromEntries(text.trim().split("\n").map((l) => l.split(" ")).map(([mode, code, active, calls, throttled, wall, mb]) =>
        [mode, { code: +code, active: +active, calls: +calls, throttled: +throttled, wall: +wall, mb: +mb }]));
    const c = rows.coalesced, s = rows.single;
    const checks = [
        ["every pulumi up succeeds with all instances ACTIVE (0 throttling failures)", `${c.active}/${count} and ${s.active}/${count}`, c.code === 0 && s.code === 0 && c.active === count && s.active === count],
        ["coalesced job-API calls <= single", `${c.calls} vs ${s.calls} (${(c.calls / s.calls).toFixed(2)})`, c.calls <= s.calls],
        ["coalesced wall time <= single", `${c.wall} s vs ${s.wall} s`, c.wall <= s.wall],
    ];
    if (count >= 300) checks.push(["at 300 instances or more: coalesced calls <= 1/5 of single", `${(c.calls / s.calls).toFixed(2)}`, c.calls * 5 <= s.calls]);
    for (const [what, measured, pass] of checks) console.log(`${pass ? "PASS" : "FAIL"}  ${what}: ${measured}`);
    console.log(`provider peak RSS: coalesced ${c.mb} MB, single ${s.mb} MB`);
    process.exitCode = checks.every((k) => k[2]) ? 0 : 1;
' "$count" "$(cat "$work/results")"

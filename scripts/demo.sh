#!/usr/bin/env bash
# npm run demo: starts the local OTC simulator, runs `pulumi up --yes` on the demo stack (examples/demo: a GaussDB,
# an RDS and a TaurusDB instance, an RDS backup and a restart) against it, shows the job progress and the outputs. State (Pulumi's and the simulator's) lives in .demo/, so running it
# again changes nothing. `rm -rf .demo` starts over.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pulumi-env.sh

demo_dir="${OTC_JOBS_DEMO_DIR:-$PWD/.demo}"
mkdir -p "$demo_dir/state" "$demo_dir/simulator"
export PULUMI_HOME="$demo_dir/pulumi-home"
export PULUMI_BACKEND_URL="file://$demo_dir/state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo-passphrase}"

# 60x time: a 12-minute OTC create takes 12 s.
sim_log="$demo_dir/simulator.log"
node dist/cli/main.js simulator --port 0 --time-scale "${OTC_JOBS_DEMO_TIME_SCALE:-60}" --data-dir "$demo_dir/simulator" \
    >"$demo_dir/simulator.out" 2>"$sim_log" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    url="$(sed -n 's/^OTC simulator listening on //p' "$demo_dir/simulator.out")"
    [ -n "$url" ] && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$sim_log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "the simulator did not start" >&2; exit 1; }
echo "OTC simulator: $url"

stack=demo
project_dir="$PWD/examples/demo"
config_file="$demo_dir/Pulumi.$stack.yaml"
pulumi stack select "$stack" --create --non-interactive --cwd "$project_dir" >/dev/null
# A new stack's encryption salt lands beside Pulumi.yaml; keep it with the demo's state instead.
[ -f "$project_dir/Pulumi.$stack.yaml" ] && [ ! -f "$config_file" ] && mv "$project_dir/Pulumi.$stack.yaml" "$config_file"
with_config() { pulumi "$@" --cwd "$project_dir" --config-file "$config_file" --stack "$stack" --non-interactive; }
# The simulator's fixed demo credentials (not a secret, but stored as one, as real keys must be).
# One URL for every service: the simulator serves each under its host label (/gaussdb, /rds, /gaussdb-mysql).
with_config config set otc:endpoint "$url/{service}"
with_config config set otc:projectId 0549b4a43100d4f32f51c01c2fe4acdb
with_config config set otc:region eu-de
with_config config set otc:accessKey SIMULATORACCESSKEY0001
with_config config set --secret otc:secretKey simulator-secret-key-not-a-real-secret
with_config config get dbPassword >/dev/null 2>&1 || with_config config set --secret dbPassword "Demo-$(node -p "require('crypto').randomBytes(6).toString('hex')")!a"

start=$(date +%s)
with_config up --yes --color never
echo
pulumi stack output --json --stack "$stack" --cwd "$project_dir"
echo "demo finished in $(( $(date +%s) - start )) s (pulumi up); state in $demo_dir"

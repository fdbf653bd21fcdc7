# Sourced by the demo, the end-to-end tests and the scale run: puts the Pulumi CLI (built from the Go module
# proxy when missing), the Node.js language host and the dynamic-provider launcher on PATH, and makes Pulumi
# work offline with local state.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pulumi_bin="$("$repo_root/scripts/ensure-pulumi.sh")"
export PATH="$pulumi_bin:$repo_root/node_modules/@pulumi/pulumi:$repo_root/node_modules/.bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true

# Sourced by the demo, the end-to-end tests and the scale run: puts the Pulumi CLI (built from the Go module
# proxy when missing), the Node.js language host and the dynamic-provider launcher on PATH, and makes Pulumi
# work offline with local state.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pulumi_bin="$("$repo_root/scripts/ensure-pulumi.sh")"
launcher="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
# Pulumi looks for bundled plugins next to its own binary first (and warns when it finds one on PATH), so a
# CLI built into our cache gets the launcher beside it. The launcher resolves @pulumi/pulumi from the
# project it runs in; it is a shell script, not a download.
case "$pulumi_bin" in
"${PULUMI_OTC_JOBS_CACHE:-$HOME/.cache/pulumi-otc-jobs}"/*)
    if [ -f "$launcher" ] && ! cmp -s "$launcher" "$pulumi_bin/pulumi-resource-pulumi-nodejs"; then
        tmp="$(mktemp "$pulumi_bin/.launcher.XXXXXX")"
        cp "$launcher" "$tmp" && chmod +x "$tmp" && mv -f "$tmp" "$pulumi_bin/pulumi-resource-pulumi-nodejs"
    fi
    ;;
esac
export PATH="$pulumi_bin:$repo_root/node_modules/@pulumi/pulumi:$repo_root/node_modules/.bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

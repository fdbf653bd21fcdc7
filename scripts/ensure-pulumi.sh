#!/usr/bin/env bash
# ensure-pulumi.sh — make the Pulumi CLI (`pulumi`) and the Node.js language host
# (`pulumi-language-nodejs`) available, and print the directory that contains them.
#
# Usage:   PATH="$(scripts/ensure-pulumi.sh):$PATH"
#
# stdout:  exactly one line, the bin directory to prepend to PATH.
# stderr:  all logs.
#
# Resolution order:
#   1. `pulumi` and `pulumi-language-nodejs` already on PATH -> use them.
#   2. Go (>= 1.25) available -> build both from the Go module proxy (pinned to
#      PULUMI_VERSION below) into a cache directory outside the repo:
#        ${PULUMI_OTC_JOBS_CACHE:-$HOME/.cache/pulumi-otc-jobs}/pulumi-<version>/bin
#      The build is skipped if those binaries already exist with the right version.
#   3. Otherwise fail with install instructions.
#
# Optional environment:
#   PULUMI_OTC_JOBS_CACHE                 cache root (default: $HOME/.cache/pulumi-otc-jobs)
#   PULUMI_OTC_JOBS_NODEJS_HOST_VERSION   explicit version (e.g. pseudo-version) of
#                                         github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#   PULUMI_OTC_JOBS_NODEJS_HOST_FALLBACK  1 (default) / 0: if the exact-version language host
#                                         cannot be fetched from the module proxy, build the
#                                         last language host that was shipped inside
#                                         github.com/pulumi/pulumi/sdk/v3 (v3.68.0) instead.
#
# The `pulumi-resource-pulumi-nodejs` launcher (dynamic providers) is NOT handled here:
# it ships at the root of the @pulumi/pulumi npm package; callers add
# node_modules/@pulumi/pulumi to PATH themselves.
set -euo pipefail

PULUMI_VERSION=v3.248.0
# Last github.com/pulumi/pulumi/sdk/v3 release that still contained
# nodejs/cmd/pulumi-language-nodejs as a package (it became its own module afterwards).
FALLBACK_NODEJS_HOST_SDK_VERSION=v3.68.0
MIN_GO_MINOR=25 # Go >= 1.25 (pkg/v3 v3.248.0 declares go 1.25.x)

PKG_MOD=github.com/pulumi/pulumi/pkg/v3
SDK_MOD=github.com/pulumi/pulumi/sdk/v3
NODEJS_HOST_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

CACHE_ROOT=${PULUMI_OTC_JOBS_CACHE:-$HOME/.cache/pulumi-otc-jobs}
INSTALL_DIR=$CACHE_ROOT/pulumi-$PULUMI_VERSION
BIN_DIR=$INSTALL_DIR/bin
FALLBACK_ALLOWED=${PULUMI_OTC_JOBS_NODEJS_HOST_FALLBACK:-1}

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }
die() {
  printf '[ensure-pulumi] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# 1. Already on PATH?
# ---------------------------------------------------------------------------
if pulumi_path=$(command -v pulumi 2>/dev/null) && host_path=$(command -v pulumi-language-nodejs 2>/dev/null); then
  pulumi_ver=$(PULUMI_SKIP_UPDATE_CHECK=true "$pulumi_path" version 2>/dev/null || echo "unknown")
  log "using pulumi from PATH: $pulumi_path ($pulumi_ver)"
  log "using pulumi-language-nodejs from PATH: $host_path"
  if [ "$pulumi_ver" != "$PULUMI_VERSION" ]; then
    log "note: pulumi on PATH is $pulumi_ver, the project pins $PULUMI_VERSION"
  fi
  dirname "$pulumi_path"
  exit 0
fi

# ---------------------------------------------------------------------------
# 2. Build with Go.
# ---------------------------------------------------------------------------
GO=$(command -v go 2>/dev/null || true)
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then
  GO=/usr/local/go/bin/go
fi

if [ -z "$GO" ]; then
  cat >&2 <<EOF
[ensure-pulumi] ERROR: the Pulumi CLI is not installed and Go is not available to build it.

Either install the Pulumi CLI (it must provide both 'pulumi' and 'pulumi-language-nodejs' on PATH):
    curl -fsSL https://get.pulumi.com | sh -s -- --version ${PULUMI_VERSION#v}
    (see https://www.pulumi.com/docs/install/)
or install Go >= 1.${MIN_GO_MINOR} (https://go.dev/dl/) so this script can build
Pulumi ${PULUMI_VERSION} from the Go module proxy into ${BIN_DIR}.
EOF
  exit 1
fi

go_version=$("$GO" env GOVERSION 2>/dev/null || true) # e.g. go1.26.8
go_major=$(printf '%s' "$go_version" | sed -n 's/^go\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1/p')
go_minor=$(printf '%s' "$go_version" | sed -n 's/^go\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\2/p')
if [ -z "$go_major" ] || [ -z "$go_minor" ] ||
  { [ "$go_major" -eq 1 ] && [ "$go_minor" -lt "$MIN_GO_MINOR" ]; } || [ "$go_major" -lt 1 ]; then
  die "Go >= 1.${MIN_GO_MINOR} is required to build Pulumi ${PULUMI_VERSION} (found '${go_version:-unknown}' at $GO).
Install a newer Go (https://go.dev/dl/) or the Pulumi CLI (https://www.pulumi.com/docs/install/, curl -fsSL https://get.pulumi.com | sh)."
fi

# Never let a go.work from the surroundings leak into the throwaway modules.
export GOWORK=off
export GO111MODULE=on

go_ldflags() { printf -- '-X %s=%s' "$VERSION_VAR" "$1"; }

# Version string (the -X ldflag) baked into a binary built by this script, or empty.
built_version() {
  "$GO" version -m "$1" 2>/dev/null |
    sed -n "s|.*-X ${VERSION_VAR//./\\.}=\\(v[^ \"']*\\).*|\\1|p" | head -n1
}

cached_ok() {
  [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ] || return 1
  local v
  v=$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN_DIR/pulumi" version 2>/dev/null || true)
  [ "$v" = "$PULUMI_VERSION" ] || return 1
  v=$(built_version "$BIN_DIR/pulumi-language-nodejs")
  if [ "$v" = "$PULUMI_VERSION" ]; then return 0; fi
  if [ "$FALLBACK_ALLOWED" = 1 ] && [ "$v" = "$FALLBACK_NODEJS_HOST_SDK_VERSION" ]; then return 0; fi
  return 1
}

report_cached() {
  log "pulumi $PULUMI_VERSION: $BIN_DIR/pulumi"
  log "pulumi-language-nodejs $(built_version "$BIN_DIR/pulumi-language-nodejs"): $BIN_DIR/pulumi-language-nodejs"
}

if cached_ok; then
  report_cached
  printf '%s\n' "$BIN_DIR"
  exit 0
fi

mkdir -p "$CACHE_ROOT"

# Serialise concurrent builders.
locked=0
if command -v flock >/dev/null 2>&1; then
  locked=1
  exec 9>"$CACHE_ROOT/.lock"
  if ! flock -n 9; then
    log "another ensure-pulumi build is running; waiting for $CACHE_ROOT/.lock ..."
    flock 9
  fi
else
  log "warning: flock not found; building without a lock (install is still atomic)"
fi

# Somebody else may have finished the build while we waited.
if cached_ok; then
  report_cached
  printf '%s\n' "$BIN_DIR"
  exit 0
fi

# Holding the lock: leftovers of interrupted builds can go.
if [ "$locked" = 1 ]; then
  rm -rf "$CACHE_ROOT"/.stage.* "$CACHE_ROOT"/.old.*
fi

goproxy=$("$GO" env GOPROXY)
if [ "$goproxy" = "off" ]; then
  die "GOPROXY=off: cannot download Pulumi sources. Set GOPROXY or install the Pulumi CLI (https://www.pulumi.com/docs/install/)."
fi
log "building Pulumi $PULUMI_VERSION with $go_version ($GO), GOPROXY=$goproxy"
log "target: $BIN_DIR (first build takes a few minutes; later builds reuse the Go caches)"

work=$(mktemp -d "${TMPDIR:-/tmp}/ensure-pulumi.XXXXXX")
stage=$(mktemp -d "$CACHE_ROOT/.stage.XXXXXX")
old=""
cleanup() {
  rm -rf "$work" "$stage"
  if [ -n "$old" ]; then rm -rf "$old"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$stage/bin"
start_ts=$(date +%s)

# Run go with stdout redirected to stderr (stdout is reserved for the result).
gorun() { "$GO" "$@" >&2; }

# Non-local replace directives of a go.mod file, as go-mod-edit "-replace" arguments.
replace_args() {
  awk '
    /^replace[ \t]*\(/ { inblock = 1; next }
    inblock && /^[ \t]*\)/ { inblock = 0; next }
    inblock { print; next }
    /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print }
  ' "$1" | sed 's://.*$::' | while read -r line; do
    [ -n "$line" ] || continue
    lhs=${line%%=>*}
    rhs=${line#*=>}
    # shellcheck disable=SC2086
    set -- $lhs
    old_path=${1:-}
    old_ver=${2:-}
    # shellcheck disable=SC2086
    set -- $rhs
    new_path=${1:-}
    new_ver=${2:-}
    [ -n "$old_path" ] && [ -n "$new_path" ] && [ -n "$new_ver" ] || continue # local path replace
    case "$old_path" in github.com/pulumi/pulumi/*) continue ;; esac
    printf -- '-replace=%s%s=%s@%s\n' "$old_path" "${old_ver:+@$old_ver}" "$new_path" "$new_ver"
  done
}

# Path of the downloaded go.mod of module@version.
gomod_file() {
  { (cd "$work" && "$GO" mod download -json "$1" 2>/dev/null) || true; } |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' | head -n1
}

# new_wrapper DIR MODULE_REQS... : create a throwaway main module requiring MODULE@VERSION...
new_wrapper() {
  local dir=$1
  shift
  mkdir -p "$dir"
  printf 'module ensurepulumi/wrapper\n\ngo 1.%s\n' "$MIN_GO_MINOR" >"$dir/go.mod"
  local req
  for req in "$@"; do
    (cd "$dir" && "$GO" mod edit -require="$req")
  done
}

# --- Fetch pkg/sdk first; detect a checksum-database gap for the pulumi modules. ---
prefetch_log=$work/prefetch.log
if ! (cd "$work" && "$GO" mod download -json "$PKG_MOD@$PULUMI_VERSION" "$SDK_MOD@$PULUMI_VERSION") >"$prefetch_log" 2>&1; then
  if grep -q 'verifying' "$prefetch_log" && grep -q -i 'sum\|checksum' "$prefetch_log"; then
    log "warning: the checksum database has no entry for Pulumi $PULUMI_VERSION via GOPROXY=$goproxy;"
    log "         disabling sumdb verification for github.com/pulumi/pulumi only (GONOSUMDB)."
    export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
    if ! (cd "$work" && "$GO" mod download -json "$PKG_MOD@$PULUMI_VERSION" "$SDK_MOD@$PULUMI_VERSION") >"$prefetch_log" 2>&1; then
      cat "$prefetch_log" >&2
      die "could not download $PKG_MOD@$PULUMI_VERSION / $SDK_MOD@$PULUMI_VERSION"
    fi
  else
    cat "$prefetch_log" >&2
    die "could not download $PKG_MOD@$PULUMI_VERSION / $SDK_MOD@$PULUMI_VERSION from GOPROXY=$goproxy"
  fi
fi

# --- pulumi-language-nodejs: resolve the version first (cheap), before the long CLI build ---
host_version=${PULUMI_OTC_JOBS_NODEJS_HOST_VERSION:-}
if [ -z "$host_version" ]; then
  # The language host module has no tags: use the pseudo-version of the release commit.
  commit=""
  for m in "$SDK_MOD" "$PKG_MOD"; do
    commit=$(cd "$work" && "$GO" list -m -f '{{with .Origin}}{{.Hash}}{{end}}' "$m@$PULUMI_VERSION" 2>/dev/null || true)
    [ -z "$commit" ] || break
  done
  if [ -n "$commit" ]; then
    log "release commit of $PULUMI_VERSION: $commit"
    host_version=$(cd "$work" && "$GO" list -m -f '{{.Version}}' "$NODEJS_HOST_MOD@$commit" 2>"$work/host-query.log" || true)
    if [ -z "$host_version" ]; then
      log "could not resolve $NODEJS_HOST_MOD@$commit:"
      sed 's/^/    /' "$work/host-query.log" >&2
    fi
  else
    log "could not determine the commit of $PULUMI_VERSION from GOPROXY (no Origin info)"
  fi
fi

if [ -z "$host_version" ] && [ "$FALLBACK_ALLOWED" != 1 ]; then
  die "could not resolve pulumi-language-nodejs for $PULUMI_VERSION from GOPROXY=$goproxy (fallback disabled).
Set PULUMI_OTC_JOBS_NODEJS_HOST_VERSION, or install the Pulumi CLI: https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh)."
fi

# --- pulumi (CLI) ---
# pkg/go.mod has `replace sdk => ../sdk` (so `go install pkg/cmd/pulumi@v` is impossible);
# build it from a wrapper module that requires pkg and sdk at the same version and
# carries over pkg's non-local replace directives.
pkg_gomod=$(gomod_file "$PKG_MOD@$PULUMI_VERSION")
[ -n "$pkg_gomod" ] || die "could not locate go.mod of $PKG_MOD@$PULUMI_VERSION"
cli_dir=$work/cli
new_wrapper "$cli_dir" "$PKG_MOD@$PULUMI_VERSION" "$SDK_MOD@$PULUMI_VERSION"
mapfile -t cli_replaces < <(replace_args "$pkg_gomod")
if [ "${#cli_replaces[@]}" -gt 0 ]; then (cd "$cli_dir" && "$GO" mod edit "${cli_replaces[@]}"); fi
log "building pulumi ($PKG_MOD@$PULUMI_VERSION) ..."
t0=$(date +%s)
(cd "$cli_dir" && gorun build -mod=mod -o "$stage/bin/pulumi" \
  -ldflags "$(go_ldflags "$PULUMI_VERSION")" "$PKG_MOD/cmd/pulumi") ||
  die "building pulumi $PULUMI_VERSION failed (see the go output above)"
log "built pulumi in $(($(date +%s) - t0))s"

# --- pulumi-language-nodejs: build ---
host_built=""
if [ -n "$host_version" ]; then
  log "building pulumi-language-nodejs ($NODEJS_HOST_MOD@$host_version) ..."
  host_gomod=$(gomod_file "$NODEJS_HOST_MOD@$host_version")
  if [ -n "$host_gomod" ]; then
    host_dir=$work/nodejs-host
    # The host's go.mod requires pkg/sdk at placeholder versions (replaced by local
    # paths upstream): pin them to the real release with version-less replaces.
    new_wrapper "$host_dir" "$NODEJS_HOST_MOD@$host_version" "$PKG_MOD@$PULUMI_VERSION" "$SDK_MOD@$PULUMI_VERSION"
    mapfile -t host_replaces < <(replace_args "$host_gomod")
    host_replaces+=("-replace=$PKG_MOD=$PKG_MOD@$PULUMI_VERSION" "-replace=$SDK_MOD=$SDK_MOD@$PULUMI_VERSION")
    (cd "$host_dir" && "$GO" mod edit "${host_replaces[@]}")
    t0=$(date +%s)
    if (cd "$host_dir" && gorun build -mod=mod -o "$stage/bin/pulumi-language-nodejs" \
      -ldflags "$(go_ldflags "$PULUMI_VERSION")" "$NODEJS_HOST_MOD"); then
      host_built="$NODEJS_HOST_MOD@$host_version"
      log "built pulumi-language-nodejs in $(($(date +%s) - t0))s"
    else
      log "building $NODEJS_HOST_MOD@$host_version failed"
    fi
  else
    log "could not download $NODEJS_HOST_MOD@$host_version"
  fi
fi

if [ -z "$host_built" ]; then
  if [ "$FALLBACK_ALLOWED" != 1 ]; then
    die "could not build pulumi-language-nodejs $PULUMI_VERSION from GOPROXY=$goproxy (fallback disabled).
Install the Pulumi CLI instead: https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh)."
  fi
  fb=$FALLBACK_NODEJS_HOST_SDK_VERSION
  log "WARNING: falling back to the Node.js language host from $SDK_MOD@$fb (the last release that"
  log "         shipped it inside the sdk module). It drives the @pulumi/pulumi npm package installed"
  log "         in the project; set PULUMI_OTC_JOBS_NODEJS_HOST_FALLBACK=0 to fail instead."
  fb_dir=$work/nodejs-host-fallback
  new_wrapper "$fb_dir" "$SDK_MOD@$fb"
  fb_gomod=$(gomod_file "$SDK_MOD@$fb")
  [ -n "$fb_gomod" ] || die "could not download $SDK_MOD@$fb"
  mapfile -t fb_replaces < <(replace_args "$fb_gomod")
  if [ "${#fb_replaces[@]}" -gt 0 ]; then (cd "$fb_dir" && "$GO" mod edit "${fb_replaces[@]}"); fi
  t0=$(date +%s)
  (cd "$fb_dir" && gorun build -mod=mod -o "$stage/bin/pulumi-language-nodejs" \
    -ldflags "$(go_ldflags "$fb")" "$SDK_MOD/nodejs/cmd/pulumi-language-nodejs") ||
    die "building the fallback pulumi-language-nodejs failed.
Install the Pulumi CLI instead: https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh)."
  host_built="$SDK_MOD/nodejs/cmd/pulumi-language-nodejs@$fb (fallback)"
  log "built pulumi-language-nodejs in $(($(date +%s) - t0))s"
fi

# --- verify, then install atomically ---
v=$(PULUMI_SKIP_UPDATE_CHECK=true "$stage/bin/pulumi" version 2>/dev/null || true)
[ "$v" = "$PULUMI_VERSION" ] || die "freshly built pulumi reports '$v', expected $PULUMI_VERSION"
{
  printf 'pulumi=%s@%s\n' "$PKG_MOD/cmd/pulumi" "$PULUMI_VERSION"
  printf 'pulumi-language-nodejs=%s\n' "$host_built"
  printf 'go=%s\ngoproxy=%s\nbuilt=%s\n' "$go_version" "$goproxy" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$stage/BUILD_INFO"
chmod 755 "$stage" "$stage/bin"

if [ -e "$INSTALL_DIR" ]; then
  old=$CACHE_ROOT/.old.$$.$RANDOM
  mv "$INSTALL_DIR" "$old"
fi
mv "$stage" "$INSTALL_DIR"
log "installed into $INSTALL_DIR in $(($(date +%s) - start_ts))s total"
cached_ok || die "installed binaries failed the version check"
report_cached
printf '%s\n' "$BIN_DIR"

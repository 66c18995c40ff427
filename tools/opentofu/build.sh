#!/usr/bin/env bash
# Builds the OpenTofu CLI (`tofu`, v1.12.6) from Go modules (no GitHub release download) into a stamped dir.
# Usage: tools/opentofu/build.sh [OUT_DIR]   (default <repo>/.tools/opentofu/bin; also `make tofu`)
# The version is pinned by this directory's go.mod/go.sum; a matching stamp makes a run a no-op.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_DIR="${1:-$ROOT/.tools/opentofu/bin}"
TOFU_VERSION="$(sed -nE 's#^[[:space:]]*(require )?github.com/opentofu/opentofu v([0-9.]+)( |$).*#\2#p' "$HERE/go.mod" | head -n1)"
# dev=no drops the "-dev" prerelease marker, as upstream's release build does.
LDFLAGS="-s -w -X github.com/opentofu/opentofu/version.dev=no"
STAMP="$OUT_DIR/.version"

say() { printf 'opentofu: %s\n' "$*"; }
die() { printf 'opentofu: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed (need go >= 1.26 on PATH); install it, this build never skips"
[ -n "$TOFU_VERSION" ] || die "$HERE/go.mod does not require github.com/opentofu/opentofu"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
KEY="$(cat "$HERE/go.mod" "$HERE/go.sum" <(printf '%s' "$LDFLAGS") | sha256sum | cut -c1-64)"
WANT="$TOFU_VERSION $KEY"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$OUT_DIR/tofu" ]; then
  say "up to date in $OUT_DIR ($TOFU_VERSION)"
  exit 0
fi
rm -f "$STAMP"

# -mod=readonly: the committed go.sum is the pin. GOTOOLCHAIN=local: never download a toolchain.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
say "building github.com/opentofu/opentofu/cmd/tofu v$TOFU_VERSION into $OUT_DIR ($(go version))"
START=$(date +%s)
(cd "$HERE" && go build -trimpath -ldflags "$LDFLAGS" -o "$OUT_DIR/" tool)
say "go build took $(($(date +%s) - START))s"
# sed reads all of it: `| head -n1` closed the pipe early and tofu's SIGPIPE failed the build (exit 141) under pipefail.
env -u TF_CLI_CONFIG_FILE "$OUT_DIR/tofu" version | sed -n '1s/^/opentofu: /p'
printf '%s\n' "$WANT" >"$STAMP"

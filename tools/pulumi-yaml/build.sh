#!/usr/bin/env bash
# Builds the Pulumi YAML language host (pulumi-language-yaml) from Go modules into the CLI's
# directory, where the CLI finds it as a bundled plugin (no "using from $PATH" warning).
# Usage: tools/pulumi-yaml/build.sh [OUT_DIR]. The version is pinned by go.mod/go.sum.
set -euo pipefail

YAML_VERSION=1.25.0 # must equal the pulumi-yaml require in go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_DIR="${1:-$ROOT/.pulumi/bin}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
STAMP="$OUT_DIR/.yaml-version"
LDFLAGS="-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION"

say() { printf 'pulumi-yaml: %s\n' "$*"; }
die() { printf 'pulumi-yaml: error: %s\n' "$*" >&2; exit 1; }

grep -qE "^(require )?[[:space:]]*github.com/pulumi/pulumi-yaml v$YAML_VERSION( |$)" "$HERE/go.mod" \
  || die "go.mod does not require github.com/pulumi/pulumi-yaml v$YAML_VERSION; bump build.sh and go.mod together"

# The stamp keys the binary on the module graph and the flags, so a warm run is a no-op.
WANT="$YAML_VERSION $(cat "$HERE/go.mod" "$HERE/go.sum" <(printf '%s' "$LDFLAGS") | sha256sum | cut -c1-64)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$OUT_DIR/pulumi-language-yaml" ]; then
  say "up to date in $OUT_DIR ($YAML_VERSION)"
  exit 0
fi
rm -f "$STAMP"

# Same rules as tools/pulumi-cli/build.sh: the committed go.sum is the pin, no toolchain download, static binary.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
export GONOSUMDB="github.com/pulumi${GONOSUMDB:+,$GONOSUMDB}"
say "building pulumi-language-yaml v$YAML_VERSION into $OUT_DIR"
START=$(date +%s)
(cd "$HERE" && go build -trimpath -ldflags "$LDFLAGS" -o "$OUT_DIR/" tool)
say "go build took $(($(date +%s) - START))s"
printf '%s\n' "$WANT" >"$STAMP"

#!/usr/bin/env bash
# Builds the Pulumi CLI from Go modules (no get.pulumi.com, no GitHub) and installs the
# dynamic-provider shim from node_modules and the JS language host (language-host/) beside it. Usage: tools/pulumi-cli/build.sh [OUT_DIR]
# The version is pinned by go.mod/go.sum; see README.md for why 3.248.0 and how to bump it.
set -euo pipefail

PULUMI_VERSION=3.248.0 # must equal the pkg/v3 require in go.mod and devDependencies' @pulumi/pulumi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_DIR="${1:-$ROOT/.pulumi/bin}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
SHIM_SRC="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
HOST_SRC="$HERE/language-host/pulumi-language-nodejs"
STAMP="$OUT_DIR/.version"

LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
TAGS="osusergo,grpcnotrace"

say() { printf 'pulumi-cli: %s\n' "$*"; }
die() { printf 'pulumi-cli: error: %s\n' "$*" >&2; exit 1; }

# Guard the pin: a bump of one side without the other would mix engine and SDK versions.
grep -qE "^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION( |$)" "$HERE/go.mod" \
  || die "go.mod does not require github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION; bump build.sh and go.mod together (README.md, 'Bumping')"
[ -f "$HOST_SRC" ] || die "$HOST_SRC is missing"
[ -f "$SHIM_SRC" ] || die "$SHIM_SRC is missing; run 'npm install' in $ROOT first"
NPM_VERSION="$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")"
[ "$NPM_VERSION" = "$PULUMI_VERSION" ] \
  || die "node_modules has @pulumi/pulumi $NPM_VERSION but the CLI is pinned to $PULUMI_VERSION; align package.json and build.sh"

# The stamp keys the output on everything that changes the binaries: version, module graph, flags,
# shim, language host.
KEY="$(cat "$HERE/go.mod" "$HERE/go.sum" "$SHIM_SRC" "$HOST_SRC" <(printf '%s|%s' "$LDFLAGS" "$TAGS") | sha256sum | cut -c1-64)"
WANT="$PULUMI_VERSION $KEY"
print_version() { say "pulumi version: $(PULUMI_SKIP_UPDATE_CHECK=true "$OUT_DIR/pulumi" version)"; }

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] \
  && [ -x "$OUT_DIR/pulumi" ] && [ -x "$OUT_DIR/pulumi-resource-pulumi-nodejs" ] \
  && [ -x "$OUT_DIR/pulumi-language-nodejs" ]; then
  say "up to date in $OUT_DIR ($PULUMI_VERSION)"
  print_version
  exit 0
fi
rm -f "$STAMP"

# -mod=readonly: the committed go.sum is the pin; a missing entry fails instead of resolving anew.
# GOTOOLCHAIN=local: never download another Go toolchain. CGO_ENABLED=0: a static binary, as upstream ships.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
# The checksum database answers 404 for pkg/v3@v3.248.0; go.sum already pins every hash, so never ask it.
export GONOSUMDB="github.com/pulumi/pulumi${GONOSUMDB:+,$GONOSUMDB}"
say "building the tools of $HERE/go.mod (pulumi v$PULUMI_VERSION) into $OUT_DIR"
say "go: $(go version)"
START=$(date +%s)
# `tool` is every tool directive of go.mod, so a language host added there is built too.
(cd "$HERE" && go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$OUT_DIR/" tool)
say "go build took $(($(date +%s) - START))s"

# Bundled-plugin lookup finds the shim next to the `pulumi` binary (pulumi issue #15647 otherwise).
install -m 0755 "$SHIM_SRC" "$OUT_DIR/pulumi-resource-pulumi-nodejs"
say "installed pulumi-resource-pulumi-nodejs from @pulumi/pulumi $NPM_VERSION"
# The Go language host cannot be built here (README.md); this Node.js one serves Pulumi.yaml programs.
# It resolves @pulumi/pulumi from the project directory, so it is copied, not wrapped.
install -m 0755 "$HOST_SRC" "$OUT_DIR/pulumi-language-nodejs"
say "installed pulumi-language-nodejs from $HOST_SRC"
ls -l "$OUT_DIR" | sed 's/^/  /'

printf '%s\n' "$WANT" >"$STAMP"
print_version

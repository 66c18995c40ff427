#!/usr/bin/env bash
# Builds the Pulumi CLI from Go modules (no get.pulumi.com, no GitHub) and installs the
# dynamic-provider shim from node_modules and the JS language host (language-host/) beside it.
# Usage: tools/pulumi-cli/build.sh [OUT_DIR] [MODULE_DIR]
# The version is pinned by MODULE_DIR's go.mod/go.sum (default: this directory, 3.248.0; latest/ is
# the newest, 3.276.0, for the Node 22 leg of the matrix); see README.md for why and how to bump.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${PULUMI_CLI_ROOT:-$(cd "$HERE/../.." && pwd)}" # the tree whose node_modules holds @pulumi/pulumi
MODULE="$(cd "${2:-${PULUMI_CLI_MODULE:-$HERE}}" && pwd)"
# The engine's version is the pkg/v3 require of the module; it must equal node_modules' @pulumi/pulumi.
PULUMI_VERSION="$(sed -nE 's#^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v([0-9.]+)( |$).*#\1#p' "$MODULE/go.mod" | head -n1)"
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

[ -n "$PULUMI_VERSION" ] || die "$MODULE/go.mod does not require github.com/pulumi/pulumi/pkg/v3"
[ -f "$HOST_SRC" ] || die "$HOST_SRC is missing"
[ -f "$SHIM_SRC" ] || die "$SHIM_SRC is missing; run 'npm install' in $ROOT first"
NPM_VERSION="$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")"
[ "$NPM_VERSION" = "$PULUMI_VERSION" ] \
  || die "node_modules has @pulumi/pulumi $NPM_VERSION but $MODULE/go.mod pins the CLI to $PULUMI_VERSION; align package.json and go.mod (README.md, 'Bumping')"

# The stamp keys the output on everything that changes the binaries: version, module graph, flags,
# shim, language host.
KEY="$(cat "$MODULE/go.mod" "$MODULE/go.sum" "$SHIM_SRC" "$HOST_SRC" <(printf '%s|%s' "$LDFLAGS" "$TAGS") | sha256sum | cut -c1-64)"
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
say "building the tools of $MODULE/go.mod (pulumi v$PULUMI_VERSION) into $OUT_DIR"
say "go: $(go version)"
START=$(date +%s)
# `tool` is every tool directive of go.mod, so a language host added there is built too.
(cd "$MODULE" && go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$OUT_DIR/" tool)
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

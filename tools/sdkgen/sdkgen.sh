#!/usr/bin/env bash
# Builds sdkgen once (cached by a stamp on main.go/go.mod/go.sum) and runs it on the repo's schema.json.
# Usage: tools/sdkgen/sdkgen.sh            regenerate sdk/python, sdk/go/webhooks, sdk/nodejs-native
#        tools/sdkgen/sdkgen.sh --check    fail listing every file that drifted from schema.json
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN_DIR="$ROOT/.tools/bin"
BIN="$BIN_DIR/sdkgen"
STAMP="$BIN_DIR/.sdkgen-version"
WANT="$(cat "$HERE/main.go" "$HERE/go.mod" "$HERE/go.sum" | sha256sum | cut -c1-64)"

if ! { [ -x "$BIN" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; }; then
  mkdir -p "$BIN_DIR"
  rm -f "$STAMP"
  # Same rules as tools/pulumi-cli/build.sh: go.sum is the pin, no toolchain download, no sum DB for pkg/v3.
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
  export GONOSUMDB="github.com/pulumi${GONOSUMDB:+,$GONOSUMDB}"
  START=$(date +%s)
  (cd "$HERE" && go build -trimpath -o "$BIN" .)
  printf 'sdkgen: go build took %ss\n' "$(($(date +%s) - START))" >&2
  printf '%s\n' "$WANT" >"$STAMP"
fi
exec "$BIN" "$@" "$ROOT/schema.json" "$ROOT"

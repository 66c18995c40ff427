#!/usr/bin/env bash
# Builds the Terraform/OpenTofu provider (provider-terraform/, Go) into a stamped dir that a
# dev override (TF_CLI_CONFIG_FILE provider_installation { dev_overrides { ... } }) points at.
# Usage: tools/terraform/build.sh [OUT_DIR]   (default <repo>/.tools/terraform-provider/bin; also `make terraform`)
# The stamp keys the binary on the module's go.mod, go.sum and every .go file; a match makes a run a no-op.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE="$ROOT/provider-terraform"
OUT_DIR="${1:-$ROOT/.tools/terraform-provider/bin}"
VERSION="$(node -p "require('$ROOT/package.json').version")"
LDFLAGS="-s -w -X main.version=$VERSION"
STAMP="$OUT_DIR/.version"

say() { printf 'terraform-provider: %s\n' "$*"; }
die() { printf 'terraform-provider: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed (need go >= 1.26 on PATH); install it, this build never skips"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
KEY="$( (cd "$MODULE" && cat go.mod go.sum $(find . -name '*.go' | LC_ALL=C sort)) | cat - <(printf '%s' "$LDFLAGS") | sha256sum | cut -c1-64)"
WANT="$VERSION $KEY"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$OUT_DIR/terraform-provider-webhooks" ]; then
  say "up to date in $OUT_DIR ($VERSION)"
  exit 0
fi
rm -f "$STAMP"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
say "building $MODULE into $OUT_DIR ($(go version))"
START=$(date +%s)
(cd "$MODULE" && go build -trimpath -ldflags "$LDFLAGS" -o "$OUT_DIR/terraform-provider-webhooks" .)
say "go build took $(($(date +%s) - START))s"
printf '%s\n' "$WANT" >"$STAMP"

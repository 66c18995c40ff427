#!/usr/bin/env bash
# make plugin: dist-plugin/pulumi-resource-webhooks-v<version>-linux-amd64.tar.gz,
# installable with `pulumi plugin install resource webhooks <version> --file <tarball>`.
# Needs `npm run build` first. Rebuilt only when an input is newer than the tarball.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VERSION=$(node -p 'require("./package.json").version')
OUT="dist-plugin/pulumi-resource-webhooks-v${VERSION}-linux-amd64.tar.gz"
mkdir -p dist-plugin
# Test files in parallel jest workers pack at the same time: one at a time, the later ones find it up to date.
exec 9>dist-plugin/.pack.lock
flock 9
[ -f dist/provider/native/main.js ] || { echo "native-plugin: dist/provider/native/main.js missing; run npm run build (or make build) first" >&2; exit 1; }
if [ -f "$OUT" ] && [ -z "$(find dist/provider schema.json package.json package-lock.json tools/native-plugin -newer "$OUT" -print -quit)" ]; then
  echo "native-plugin: $OUT is up to date"
  exit 0
fi
STAGE=dist-plugin/stage
node tools/native-plugin/stage.mjs "$ROOT" "$STAGE"
if [ -n "$(find "$STAGE" -type l -print -quit)" ]; then echo "native-plugin: symlink in $STAGE" >&2; exit 1; fi
tar czf "$OUT.tmp" --owner=0 --group=0 --sort=name -C "$STAGE" .
mv "$OUT.tmp" "$OUT"
rm -rf "$STAGE"
echo "native-plugin: $OUT ($(du -h "$OUT" | cut -f1))"

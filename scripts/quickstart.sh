#!/usr/bin/env bash
# The README's first command (after `make build`): shows what works today on the
# example webhook configs. Later issues extend it to the runtime and `pulumi up`.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI="node dist/provider/cli/main.js"

echo "== webhooks validate examples/configs/*.yaml"
$CLI validate examples/configs/*.yaml
echo
echo "== webhooks render examples/configs/coralogix-request.yaml --trigger RequestGranted --pretty"
$CLI render examples/configs/coralogix-request.yaml --trigger RequestGranted --pretty
echo
echo "== webhooks render examples/configs/audit-webhook.yaml --pretty"
$CLI render examples/configs/audit-webhook.yaml --pretty
cat <<'MSG'

Done. What runs today: the offline check (`webhooks validate`) and body rendering
(`webhooks render`). Still to come, each in its own issue: the Test invocation
(`webhooks test`), the delivery runtime on SQLite (`webhooks runtime start`), and
`pulumi up` of examples/quickstart with the AuditWebhook / RequestWebhook resources.
MSG

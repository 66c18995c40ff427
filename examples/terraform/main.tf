# Two webhooks and a lookup, registered with a webhooks delivery runtime.
# See README.md: the provider is a dev override of a local build, and the state is encrypted.
terraform {
  required_providers {
    webhooks = { source = "pulumi-webhooks/webhooks" }
  }
  # OpenTofu's state and plan encryption: sensitive values are kept in state, so encrypt it
  # (the passphrase comes from TF_VAR_state_passphrase; any key provider works).
  encryption {
    key_provider "pbkdf2" "state" {
      passphrase = var.state_passphrase
    }
    method "aes_gcm" "state" {
      keys = key_provider.pbkdf2.state
    }
    state {
      method = method.aes_gcm.state
    }
    plan {
      method = method.aes_gcm.state
    }
  }
}

variable "state_passphrase" {
  type      = string
  sensitive = true
}
variable "admin_token" {
  type      = string
  sensitive = true
}
variable "coralogix_api_key" {
  type      = string
  sensitive = true
}
variable "slack_bot_token" {
  type      = string
  sensitive = true
}

provider "webhooks" {
  runtime_url = "http://127.0.0.1:8787" # or WEBHOOKS_RUNTIME_URL
  admin_token = var.admin_token         # or WEBHOOKS_RUNTIME_TOKEN
}

# Every audit event, as a Coralogix log line.
resource "webhooks_audit_webhook" "coralogix" {
  name          = "coralogix audit"
  url           = "https://ingress.coralogix.example/logs/v1/singles"
  headers       = { "X-Api-Key" = var.coralogix_api_key }
  body_template = jsonencode({ applicationName = "apono", subsystemName = "audit", text = "{{event_type}} {{data.action}} by {{data.actor_name}}" })
  response_validators = [
    { json_path = "$.status", expected_values = ["200", "202"] },
  ]
}

# Granted and expired access requests of production databases, to Slack.
resource "webhooks_request_webhook" "slack" {
  name           = "slack access requests"
  url            = "https://slack.example/api/chat.postMessage"
  triggers       = ["RequestGranted", "RequestExpired"]
  authentication = { type = "bearer", token = var.slack_bot_token }
  body_template  = jsonencode({ channel = "#access", text = "{{data.requester.email}}: {{event_type}}" })
  filters        = { integration_types = ["postgresql"] }
  timeout_seconds = 15
}

# A registration made elsewhere, looked up by name (secret values masked).
data "webhooks_webhook" "coralogix" {
  name       = webhooks_audit_webhook.coralogix.name
  depends_on = [webhooks_audit_webhook.coralogix]
}

output "coralogix_id" {
  value = webhooks_audit_webhook.coralogix.id
}
output "coralogix_version" {
  value = data.webhooks_webhook.coralogix.version
}

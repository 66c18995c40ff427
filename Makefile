# One command surface; each target mirrors an npm script. `make help` lists them.
SHELL := /bin/bash
export npm_config_nodedir := /usr
CLI := node dist/provider/cli/main.js

.PHONY: help install build pack plugin sdk scripts pulumi terraform terraform-docs postgres-server chromium typecheck lint test test-unit test-integration quickstart bench profile ci clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

install: ## install exactly the locked dependencies (npm ci: never rewrites package-lock.json)
	npm ci --no-audit --no-fund

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

build: node_modules/.package-lock.json ## compile provider/ and sdk/ to dist/ (the `webhooks` CLI)
	npm run build

pack: build ## the two npm packages in dist-pack/: pulumi-webhooks (the SDK a Pulumi program installs) and pulumi-webhooks-runtime (runtime + operator CLI)
	@mkdir -p dist-pack
	npm pack --pack-destination dist-pack
	cd packages/pulumi-webhooks && npm pack --pack-destination ../../dist-pack

plugin: build ## the native plugin tarball dist-plugin/pulumi-resource-webhooks-v<version>-linux-amd64.tar.gz (pulumi plugin install resource webhooks <version> --file <it>)
	bash tools/native-plugin/pack.sh

pulumi: node_modules/.package-lock.json ## build the pinned Pulumi CLI and the YAML language host into .pulumi/bin (Go modules; no-op when up to date)
	bash tools/pulumi-cli/build.sh
	bash tools/pulumi-yaml/build.sh

terraform: ## build the pinned OpenTofu CLI (v1.12.6) and the Terraform provider (provider-terraform/) into .tools/ (Go modules; no-op when up to date)
	bash tools/opentofu/build.sh
	bash tools/terraform/build.sh

terraform-docs: scripts ## regenerate docs/terraform/resources/*.md and data-sources/*.md from the provider's schema
	node .scripts-build/scripts/terraformDocs.js

sdk: ## regenerate sdk/python, sdk/go/webhooks, sdk/nodejs-native from schema.json (tools/sdkgen)
	bash tools/sdkgen/sdkgen.sh

typecheck: node_modules/.package-lock.json ## tsc --noEmit over provider/, sdk/, test/
	npm run typecheck

lint: node_modules/.package-lock.json ## eslint, including the dependency rule of ARCHITECTURE.md
	npm run lint

postgres-server: ## the PostgreSQL server binaries the tests start a throwaway server from (Debian's package; installed when missing, as root)
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL server binaries missing: run 'sudo apt-get install -y postgresql' (or set WEBHOOKS_TEST_POSTGRES_URL)"; exit 1; fi; }

chromium: ## Debian's chromium, the browser the console's tests drive (installed when missing, as root)
	@[ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; }

test: build pulumi terraform postgres-server chromium ## the whole test suite (unit + integration); ends with "N passed, N failed"
	npx jest

test-unit: node_modules/.package-lock.json ## pure tests only (fast)
	npm run test:unit

test-integration: build pulumi terraform postgres-server chromium ## tests that start real processes and loopback servers
	npm run test:integration

scripts: build
	npx tsc -p tsconfig.scripts.json

quickstart: scripts pulumi ## set up; runtime on SQLite + local receiver; pulumi up of examples/quickstart; events delivered and shown
	@node dist/provider/cli/main.js validate examples/configs/*.yaml
	@node .scripts-build/scripts/quickstart.js

bench: scripts pulumi postgres-server ## benchmarks (bench/): each prints a table with the ratio to its baseline measured in the same run
	node .scripts-build/bench/storeCost.js
	node .scripts-build/bench/delivery.js
	node .scripts-build/bench/pulumiUp.js
	node .scripts-build/bench/soak.js
	node .scripts-build/bench/backlog.js
	node .scripts-build/bench/connections.js
	node .scripts-build/bench/scrapers.js
	node .scripts-build/bench/ingestMemory.js

profile: scripts postgres-server ## where the runtime's CPU goes while it delivers (bench/profileDelivery; BENCH_STORE=postgres, BENCH_PROFILE_TOP=25)
	node .scripts-build/bench/profileDelivery.js

ci: ## what CI runs: bash .ci/run
	bash .ci/run

clean: ## remove build output
	npm run clean

# `npm ci` is not used: npm 11.19 rejects the lockfile it writes itself (it omits
# other platforms' optional bindings, then ci calls the lock out of sync). Every
# dependency is pinned to an exact version, and `npm install` keeps the lock's.

// `webhooks runtime rotate-key`: seals every stored secret with a new key.
import { isWebhookError } from "../../errors";
import { rotateKey } from "../../runtime/rotateKey";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from "../command";
import { formatFailure } from "../formatFailure";
import { runtimeCommandSummary } from "../runtimeCommands";

export const rotateKeyCommand: Command = {
  name: "runtime rotate-key",
  summary: runtimeCommandSummary("runtime rotate-key"),
  help: `Usage: webhooks runtime rotate-key [--config <file>]

Rotates the key that seals the webhooks' secret fields (header values, bearer
tokens, OAuth client secrets, signing secrets) in the store. With a key file
(encryption.keyFile, or <dataDir>/encryption.keys generated on the first start)
a new key is written first in the file, the old ones kept after it; then every
stored webhook version is sealed again with the new key. With
WEBHOOKS_ENCRYPTION_KEY (encryption.keys), put the new key first in it, keep
the old ones after it, and run this to seal every row with the new key.

Safe to run again after an interruption: old keys stay until you remove them,
which you can do once this finished and every runtime uses the new keyring.
On SQLite, stop the runtime first (one process owns the file). Prints key ids,
never keys.

Options:
  --config <file>   the runtime config (YAML or JSON); see docs/runtime.md
  -h, --help        show this help

Examples:
  webhooks runtime rotate-key --config runtime.yaml
  WEBHOOKS_DATA_DIR=/var/lib/webhooks webhooks runtime rotate-key
`,
  options: { config: { type: "string" } },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; the config is given with --config`);
    const configFile = typeof values.config === "string" ? values.config : undefined;
    try {
      const r = await rotateKey({ ...(configFile === undefined ? {} : { file: configFile }), env: process.env });
      const where = r.file === undefined ? "encryption.keys" : r.file;
      io.out(`sealed ${r.resealed} of ${r.versions} stored webhook versions with key ${r.primaryId}\n`);
      if (r.oldIds.length > 0) io.out(`old keys still in ${where}: ${r.oldIds.join(", ")}; remove them once every runtime uses the new keyring\n`);
      return EXIT_OK;
    } catch (e) {
      if (!isWebhookError(e)) throw e;
      io.err(formatFailure(configFile ?? "webhooks runtime rotate-key", e));
      return EXIT_FAILED;
    }
  },
};

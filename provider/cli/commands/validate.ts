// `webhooks validate <file...>`: the offline check a PR pipeline runs.
import { isWebhookError, type WebhookError } from "../../errors";
import { checkWebhook } from "../../check/checkWebhook";
import { readDataFile } from "../../io/readDataFile";
import { formatFailure } from "../formatFailure";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from "../command";

interface FileResult {
  file: string;
  valid: boolean;
  kind?: string;
  name?: string;
  errors: Array<{ code: string; path: string; message: string }>;
}

export const validateCommand: Command = {
  name: "validate",
  summary: "check webhook config files offline (every rule, and the template)",
  help: `Usage: webhooks validate <file...> [--json]

Checks each webhook config file (YAML or JSON: the resource's fields plus
kind: audit|request) against every rule, compiles its body template, checks the
template's references against the event payload, and renders it with the
kind's mock events. Nothing is sent anywhere.

Prints each failure as "<file>: <path>: <reason> (<CODE>)".
Exit status: 0 when every file is valid, 1 otherwise.

Options:
  --json        print one JSON document: {valid, files: [{file, valid, errors}]}
  -h, --help    show this help

Examples:
  webhooks validate webhooks/*.yaml
  webhooks validate --json coralogix.yaml | jq '.files[].errors'
`,
  options: { json: { type: "boolean" } },
  async run(values, files, io) {
    if (files.length === 0) throw new UsageError("validate needs at least one file");
    const results = files.map(validateFile);
    const valid = results.every((r) => r.valid);
    if (values.json === true) {
      io.out(JSON.stringify({ valid, files: results }, null, 2) + "\n");
    } else {
      for (const r of results) {
        if (r.valid) io.out(`${r.file}: ok (${r.kind} webhook "${r.name}")\n`);
        for (const e of r.errors) io.out(formatFailure(r.file, e));
      }
      const bad = results.filter((r) => !r.valid).length;
      if (bad > 0) io.err(`${bad} of ${results.length} file(s) invalid\n`);
    }
    return valid ? EXIT_OK : EXIT_FAILED;
  },
};

function validateFile(file: string): FileResult {
  let input: unknown;
  try {
    input = readDataFile(file);
  } catch (e) {
    return { file, valid: false, errors: [errorJson(e)] };
  }
  const result = checkWebhook(input);
  if (!result.ok) return { file, valid: false, errors: result.errors.map(errorJson) };
  return { file, valid: true, kind: result.config.kind, name: result.config.name, errors: [] };
}

function errorJson(e: unknown): { code: string; path: string; message: string } {
  if (isWebhookError(e)) return (e as WebhookError).toJSON();
  throw e;
}

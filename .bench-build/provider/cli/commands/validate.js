"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validateCommand = void 0;
// `webhooks validate <file...>`: the offline check a PR pipeline runs.
const errors_1 = require("../../errors");
const checkWebhook_1 = require("../../check/checkWebhook");
const readDataFile_1 = require("../../io/readDataFile");
const formatFailure_1 = require("../formatFailure");
const command_1 = require("../command");
exports.validateCommand = {
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
        if (files.length === 0)
            throw new command_1.UsageError("validate needs at least one file");
        const results = files.map(validateFile);
        const valid = results.every((r) => r.valid);
        if (values.json === true) {
            io.out(JSON.stringify({ valid, files: results }, null, 2) + "\n");
        }
        else {
            for (const r of results) {
                if (r.valid)
                    io.out(`${r.file}: ok (${r.kind} webhook "${r.name}")\n`);
                for (const e of r.errors)
                    io.out((0, formatFailure_1.formatFailure)(r.file, e));
            }
            const bad = results.filter((r) => !r.valid).length;
            if (bad > 0)
                io.err(`${bad} of ${results.length} file(s) invalid\n`);
        }
        return valid ? command_1.EXIT_OK : command_1.EXIT_FAILED;
    },
};
function validateFile(file) {
    let input;
    try {
        input = (0, readDataFile_1.readDataFile)(file);
    }
    catch (e) {
        return { file, valid: false, errors: [errorJson(e)] };
    }
    const result = (0, checkWebhook_1.checkWebhook)(input);
    if (!result.ok)
        return { file, valid: false, errors: result.errors.map(errorJson) };
    return { file, valid: true, kind: result.config.kind, name: result.config.name, errors: [] };
}
function errorJson(e) {
    if ((0, errors_1.isWebhookError)(e))
        return e.toJSON();
    throw e;
}

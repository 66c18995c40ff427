"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readDataFile = readDataFile;
exports.parseDataText = parseDataText;
// Reads a YAML or JSON file (config files, event files). YAML 1.2 is a superset
// of JSON, so one parser serves both; duplicate keys are an error, not "last wins".
const node_fs_1 = require("node:fs");
const yaml_1 = require("yaml");
const errors_1 = require("../errors");
/** Largest file accepted: a config or an event is small; anything bigger is a mistake. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
function readDataFile(file) {
    let text;
    try {
        const buf = (0, node_fs_1.readFileSync)(file);
        if (buf.length > MAX_FILE_BYTES) {
            throw unreadable(`${file} is ${buf.length} bytes; the limit is ${MAX_FILE_BYTES}`);
        }
        text = buf.toString("utf8");
    }
    catch (e) {
        if (e instanceof errors_1.WebhookError)
            throw e;
        const code = e.code;
        throw unreadable(code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file} (${code ?? String(e)})`);
    }
    return parseDataText(text, file);
}
function parseDataText(text, name) {
    try {
        return (0, yaml_1.parse)(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
    }
    catch (e) {
        const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
        throw unreadable(`${name} is not valid YAML or JSON: ${msg}`);
    }
}
function unreadable(message) {
    return new errors_1.WebhookError({ code: "CONFIG_FILE_UNREADABLE", message });
}

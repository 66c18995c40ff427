"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runCli = runCli;
// Runs the `webhooks` CLI in-process and captures what a person would see.
const main_1 = require("../../provider/cli/main");
async function runCli(...argv) {
    let stdout = "";
    let stderr = "";
    const code = await (0, main_1.main)(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

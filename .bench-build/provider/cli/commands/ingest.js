"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ingestCommand = void 0;
// `webhooks ingest <file.ndjson> --kind audit|request`: posts a file of events
// to a running runtime in batches. Every line is checked first, so a bad line
// means nothing was sent (events without an id would be stored again by a
// second run: only ids make a re-run safe).
const node_fs_1 = require("node:fs");
const node_readline_1 = require("node:readline");
const errors_1 = require("../../errors");
const events_1 = require("../../model/events");
const ingestBody_1 = require("../../runtime/ingestBody");
const command_1 = require("../command");
const runtimeClient_1 = require("../runtimeClient");
const DEFAULT_BATCH = 500;
// Keeps each request well below the runtime's default body limit (5 MiB).
const MAX_BATCH_BYTES = 1024 * 1024;
const MAX_REPORTED = 20;
async function* linesOf(file) {
    const rl = (0, node_readline_1.createInterface)({ input: (0, node_fs_1.createReadStream)(file, { encoding: "utf8" }), crlfDelay: Infinity });
    let number = 0;
    for await (const text of rl) {
        number += 1;
        if (text.trim() !== "")
            yield { number, text };
    }
}
function openError(file, e) {
    const code = e.code;
    return code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file} (${code ?? String(e)})`;
}
/** Every problem of every line, without sending anything: `<file>:<line>: <path>: <reason> (<CODE>)`. */
async function checkLines(file, kind) {
    const problems = [];
    let count = 0;
    for await (const line of linesOf(file)) {
        count += 1;
        let value;
        try {
            value = JSON.parse(line.text);
        }
        catch {
            problems.push(`${file}:${line.number}: the line is not a JSON event (EVENT_INVALID)`);
            continue;
        }
        try {
            (0, ingestBody_1.parseOneEvent)(kind, value);
        }
        catch (e) {
            if (!(0, errors_1.isWebhookError)(e))
                throw e;
            // Event messages usually start with their path already.
            const where = e.path === "" || e.message.startsWith(e.path) ? "" : `${e.path}: `;
            problems.push(`${file}:${line.number}: ${where}${e.message} (${e.code})`);
        }
    }
    return { count, problems };
}
exports.ingestCommand = {
    name: "ingest",
    summary: "post a file of events (NDJSON) to a running runtime",
    help: `Usage: webhooks ingest <file.ndjson> --kind audit|request [--batch-size <n>] [--json]
                       [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]

Reads one event per line (Apono's envelope: {event_type, event_time, data} and
an optional id), checks every line, then posts them to the runtime's ingest
API (POST /v1/events/<kind>) in batches. Nothing is sent when a line is
invalid. Events with an id already seen are accepted once (counted as
duplicates), so a re-run of a file whose events carry ids is safe.

Exit status: 0 when every event was accepted, 1 when a line is invalid, the
runtime refused a batch or cannot be reached, 2 on a command-line error.

Options:
  --kind <kind>      audit or request: the kind of every event in the file
  --batch-size <n>   events per request, 1-1000 (default ${DEFAULT_BATCH})
  --json             print {accepted, new, duplicates, batches} as JSON
${runtimeClient_1.CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks ingest requests.ndjson --kind request
  webhooks ingest audit.ndjson --kind audit --url http://runtime.internal:8787 --token "$INGEST_TOKEN"
  WEBHOOKS_RUNTIME_URL=http://127.0.0.1:8787 webhooks ingest backlog.ndjson --kind request --json
`,
    options: { kind: { type: "string" }, "batch-size": { type: "string" }, json: { type: "boolean" }, ...runtimeClient_1.CONNECTION_OPTIONS },
    async run(values, positionals, io) {
        if (positionals.length !== 1)
            throw new command_1.UsageError("ingest needs exactly one NDJSON file");
        const file = positionals[0];
        const kind = values.kind;
        if (typeof kind !== "string" || !events_1.EVENT_KINDS.includes(kind)) {
            throw new command_1.UsageError(`--kind must be ${events_1.EVENT_KINDS.join(" or ")}`);
        }
        const batchText = typeof values["batch-size"] === "string" ? values["batch-size"] : String(DEFAULT_BATCH);
        const batchSize = Number(batchText);
        if (!/^\d+$/.test(batchText) || batchSize < 1 || batchSize > 1000)
            throw new command_1.UsageError("--batch-size must be a whole number from 1 to 1000");
        let connection;
        try {
            connection = (0, runtimeClient_1.resolveConnection)(values, process.env, "ingestToken");
        }
        catch (e) {
            if (e instanceof command_1.UsageError)
                throw e;
            return (0, runtimeClient_1.reportError)(io, "webhooks ingest", e);
        }
        let checked;
        try {
            checked = await checkLines(file, kind);
        }
        catch (e) {
            io.err(`webhooks ingest: ${openError(file, e)} (CONFIG_FILE_UNREADABLE)\n`);
            return command_1.EXIT_FAILED;
        }
        if (checked.problems.length > 0) {
            for (const p of checked.problems.slice(0, MAX_REPORTED))
                io.err(`${p}\n`);
            if (checked.problems.length > MAX_REPORTED)
                io.err(`… and ${checked.problems.length - MAX_REPORTED} more problem(s)\n`);
            io.err(`nothing was sent: fix the line(s) above and run again\n`);
            return command_1.EXIT_FAILED;
        }
        const client = new runtimeClient_1.RuntimeClient(connection);
        const totals = { accepted: 0, new: 0, duplicates: 0, batches: 0 };
        let batch = [];
        let bytes = 0;
        const flush = async () => {
            if (batch.length === 0)
                return;
            const body = `{"events":[${batch.map((l) => l.text).join(",")}]}`;
            const sent = batch;
            batch = [];
            bytes = 0;
            try {
                const res = await client.request("POST", `/v1/events/${kind}`, body);
                const dup = res.body.events.filter((e) => e.duplicate).length;
                totals.accepted += res.body.accepted;
                totals.duplicates += dup;
                totals.new += res.body.accepted - dup;
                totals.batches += 1;
            }
            catch (e) {
                throw (0, errors_1.isWebhookError)(e) ? onLine(e, sent) : e;
            }
        };
        try {
            for await (const line of linesOf(file)) {
                if (batch.length >= batchSize || (batch.length > 0 && bytes + line.text.length > MAX_BATCH_BYTES))
                    await flush();
                batch.push(line);
                bytes += line.text.length + 1;
            }
            await flush();
        }
        catch (e) {
            const code = (0, runtimeClient_1.reportError)(io, file, e);
            if (totals.accepted > 0)
                io.err(`${totals.accepted} event(s) were accepted before the failure (${totals.batches} batch(es))\n`);
            return code;
        }
        print(io, values.json === true, file, totals);
        return command_1.EXIT_OK;
    },
};
/** Names the line of a batch error: `events[3].data.id` → line N, path `data.id`. */
function onLine(e, sent) {
    const m = /^events\[(\d+)\]\.?(.*)$/.exec(e.path);
    const line = m === null ? undefined : sent[Number(m[1])];
    if (m === null || line === undefined)
        return e;
    return new errors_1.WebhookError({ code: e.code, message: e.message, path: `line ${line.number}${m[2] === "" ? "" : `: ${m[2]}`}` });
}
function print(io, json, file, t) {
    if (json) {
        io.out(JSON.stringify(t) + "\n");
        return;
    }
    io.out(`${file}: ${t.accepted} event(s) accepted: ${t.new} new, ${t.duplicates} duplicate(s), in ${t.batches} batch(es)\n`);
}

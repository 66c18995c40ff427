#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.main = main;
// `webhooks`: argv → command → exit code. No business logic lives here.
const node_util_1 = require("node:util");
const command_1 = require("./command");
const render_1 = require("./commands/render");
const test_1 = require("./commands/test");
const deliveries_1 = require("./commands/deliveries");
const delivery_1 = require("./commands/delivery");
const ingest_1 = require("./commands/ingest");
const retry_1 = require("./commands/retry");
const runtimeStart_1 = require("./commands/runtimeStart");
const validate_1 = require("./commands/validate");
const version_1 = require("../version");
const COMMANDS = [
    validate_1.validateCommand,
    render_1.renderCommand,
    test_1.testCommand,
    runtimeStart_1.runtimeStartCommand,
    ingest_1.ingestCommand,
    deliveries_1.deliveriesCommand,
    delivery_1.deliveryCommand,
    retry_1.retryCommand,
];
function mainHelp() {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join("\n");
    return `Usage: webhooks <command> [options]

Webhooks as code: check, render and try Apono-style webhook configs, and run
the delivery runtime that delivers every matching event.

Commands:
${list}

Run "webhooks <command> --help" for a command's options and examples.

Examples:
  webhooks validate webhooks/*.yaml
  webhooks render coralogix.yaml --trigger RequestGranted --pretty
  webhooks test coralogix.yaml
  webhooks runtime start --config runtime.yaml
  webhooks deliveries --status dead
`;
}
async function main(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
        const topic = name === "help" ? COMMANDS.find((c) => c.name === rest.join(" ")) : undefined;
        io.out(topic?.help ?? mainHelp());
        return 0;
    }
    if (name === "--version" || name === "-v") {
        io.out(`webhooks ${version_1.VERSION}\n`);
        return 0;
    }
    // Two-word commands (`runtime start`) are matched before one-word ones.
    const twoWord = rest.length > 0 ? COMMANDS.find((c) => c.name === `${name} ${rest[0]}`) : undefined;
    const command = twoWord ?? COMMANDS.find((c) => c.name === name);
    const args = twoWord === undefined ? rest : rest.slice(1);
    if (command === undefined) {
        io.err(`webhooks: unknown command "${name}"\n\n${mainHelp()}`);
        return command_1.EXIT_USAGE;
    }
    try {
        const { values, positionals } = (0, node_util_1.parseArgs)({
            args,
            options: { ...command.options, help: { type: "boolean", short: "h" } },
            allowPositionals: true,
            strict: true,
        });
        if (values.help === true) {
            io.out(command.help);
            return 0;
        }
        return await command.run(values, positionals, io);
    }
    catch (e) {
        // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION for bad flags.
        const badFlag = e.code?.startsWith("ERR_PARSE_ARGS") === true;
        if (e instanceof command_1.UsageError || badFlag) {
            io.err(`webhooks ${command.name}: ${e.message}\n\n${command.help}`);
            return command_1.EXIT_USAGE;
        }
        throw e;
    }
}
if (require.main === module) {
    const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
    main(process.argv.slice(2), io).then((code) => {
        process.exitCode = code;
    }, (e) => {
        process.stderr.write(`webhooks: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 70;
    });
}

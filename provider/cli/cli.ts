// The `webhooks` CLI: argv → command → exit code. No business logic lives here.
// The process entry is main.ts (which runs `runtime start` heap-capped).
import { parseArgs } from "node:util";
import { EXIT_FAILED, EXIT_USAGE, UsageError, type Command, type Io } from "./command";
import { renderCommand } from "./commands/render";
import { deliveriesCommand } from "./commands/deliveries";
import { deliveryCommand } from "./commands/delivery";
import { devReceiverCommand } from "./commands/devReceiver";
import { ingestCommand } from "./commands/ingest";
import { retryCommand } from "./commands/retry";
import { terraformCommand } from "./commands/terraform";
import { validateCommand } from "./commands/validate";
import { webhooksDeleteCommand, webhooksGetCommand, webhooksGroupCommand, webhooksListCommand } from "./commands/webhooks";
import { loadRuntimeCommand, RUNTIME_COMMANDS, RUNTIME_PACKAGE, type RuntimeCommandEntry } from "./runtimeCommands";
import { VERSION } from "../version";

const COMMANDS: readonly Command[] = [
  validateCommand,
  renderCommand,
  ingestCommand,
  deliveriesCommand,
  deliveryCommand,
  retryCommand,
  webhooksGroupCommand,
  webhooksListCommand,
  webhooksGetCommand,
  webhooksDeleteCommand,
  devReceiverCommand,
  terraformCommand,
];

// In the help, the runtime's commands keep their place after render.
const LISTED: ReadonlyArray<{ name: string; summary: string }> = [...COMMANDS.slice(0, 2), ...RUNTIME_COMMANDS, ...COMMANDS.slice(2)];

function mainHelp(): string {
  const width = Math.max(...LISTED.map((c) => c.name.length));
  const list = LISTED.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join("\n");
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
  webhooks webhooks list
  webhooks dev receiver
`;
}

/** The command named `name`: built in, or one of the runtime's (loaded now); undefined if unknown. */
async function find(name: string, io: Io): Promise<Command | "missing" | undefined> {
  const builtIn = COMMANDS.find((c) => c.name === name);
  if (builtIn !== undefined) return builtIn;
  const entry: RuntimeCommandEntry | undefined = RUNTIME_COMMANDS.find((c) => c.name === name);
  if (entry === undefined) return undefined;
  const loaded = await loadRuntimeCommand(entry);
  if (loaded !== undefined) return loaded;
  io.err(
    `webhooks ${name}: this command comes with the runtime package, not with pulumi-webhooks (the SDK a Pulumi program installs):\n` +
      `  npm install -g ${RUNTIME_PACKAGE}   # then: webhooks ${name} …\n`,
  );
  return "missing";
}

const isCommandName = (name: string): boolean => COMMANDS.some((c) => c.name === name) || RUNTIME_COMMANDS.some((c) => c.name === name);

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" && rest.length > 0 ? await find(rest.join(" "), io) : undefined;
    if (topic === "missing") return EXIT_FAILED;
    io.out(topic?.help ?? mainHelp());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(`webhooks ${VERSION}\n`);
    return 0;
  }
  // Two-word commands (`runtime start`) are matched before one-word ones.
  const twoWord = rest.length > 0 && isCommandName(`${name} ${rest[0]}`);
  const command = await find(twoWord ? `${name} ${rest[0]}` : name, io);
  const args = twoWord ? rest.slice(1) : rest;
  if (command === "missing") return EXIT_FAILED;
  if (command === undefined) {
    io.err(`webhooks: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseArgs({
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
  } catch (e) {
    // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION for bad flags.
    const badFlag = (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
    if (e instanceof UsageError || badFlag) {
      io.err(`webhooks ${command.name}: ${(e as Error).message}\n\n${command.help}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Runs the CLI in this thread with the process's argv and stdio; sets the exit code. */
export function runCli(argv: string[]): void {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`webhooks: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}

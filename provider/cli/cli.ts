// The `webhooks` CLI: argv → command → exit code. No business logic lives here.
// The process entry is main.ts (which runs `runtime start` heap-capped).
import { parseArgs } from "node:util";
import { EXIT_USAGE, UsageError, type Command, type Io } from "./command";
import { renderCommand } from "./commands/render";
import { testCommand } from "./commands/test";
import { deliveriesCommand } from "./commands/deliveries";
import { deliveryCommand } from "./commands/delivery";
import { devReceiverCommand } from "./commands/devReceiver";
import { ingestCommand } from "./commands/ingest";
import { retryCommand } from "./commands/retry";
import { rotateKeyCommand } from "./commands/rotateKey";
import { runtimeStartCommand } from "./commands/runtimeStart";
import { validateCommand } from "./commands/validate";
import { webhooksDeleteCommand, webhooksGetCommand, webhooksGroupCommand, webhooksListCommand } from "./commands/webhooks";
import { VERSION } from "../version";

const COMMANDS: readonly Command[] = [
  validateCommand,
  renderCommand,
  testCommand,
  runtimeStartCommand,
  rotateKeyCommand,
  ingestCommand,
  deliveriesCommand,
  deliveryCommand,
  retryCommand,
  webhooksGroupCommand,
  webhooksListCommand,
  webhooksGetCommand,
  webhooksDeleteCommand,
  devReceiverCommand,
];

function mainHelp(): string {
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
  webhooks webhooks list
  webhooks dev receiver
`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest.join(" ")) : undefined;
    io.out(topic?.help ?? mainHelp());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(`webhooks ${VERSION}\n`);
    return 0;
  }
  // Two-word commands (`runtime start`) are matched before one-word ones.
  const twoWord = rest.length > 0 ? COMMANDS.find((c) => c.name === `${name} ${rest[0]}`) : undefined;
  const command = twoWord ?? COMMANDS.find((c) => c.name === name);
  const args = twoWord === undefined ? rest : rest.slice(1);
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

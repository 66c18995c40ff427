// `webhooks dev receiver`: a local HTTPS target for a first try: prints what the
// runtime sends it and the runtime config lines that reach it (provider/dev/).
import { isIP } from "node:net";
import { startDevReceiver, type ReceivedRequest } from "../../dev/devReceiver";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type Io } from "../command";

const DEFAULT_NAME = "hooks.dev.test";
const DEFAULT_ADDRESS = "127.0.0.77";
const DEFAULT_DIR = ".webhooks-dev-receiver";

function printRequest(io: Io, r: ReceivedRequest): void {
  const headers = Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}\n`).join("");
  const body = r.body === "" ? "" : `${r.body.split("\n").map((l) => `  ${l}`).join("\n")}\n`;
  io.out(`\n[${r.time}] ${r.method} ${r.path} → ${r.status}\n${headers}${body}`);
}

function bindHint(address: string, e: NodeJS.ErrnoException): string {
  if (e.code === "EACCES") {
    return `cannot listen on ${address}:443: port 443 needs root or CAP_NET_BIND_SERVICE (webhook URLs carry no port). Run it with sudo, or allow low ports: sudo sysctl net.ipv4.ip_unprivileged_port_start=443`;
  }
  if (e.code === "EADDRINUSE") return `${address}:443 is in use (another dev receiver?); pick another loopback address with --address 127.0.0.N`;
  if (e.code === "EADDRNOTAVAIL") return `${address} is not an address of this machine; use one in 127.0.0.0/8 (Linux answers all of them on lo)`;
  return `cannot listen on ${address}:443: ${e.message}`;
}

export const devReceiverCommand: Command = {
  name: "dev receiver",
  summary: "a local HTTPS receiver (with a CA it makes) that prints what it is sent",
  help: `Usage: webhooks dev receiver [--name <host>] [--address <127.x.y.z>] [--dir <dir>]
                             [--status <code>] [--json]

Starts an HTTPS receiver on <address>:443 for trying webhooks on this machine.
It makes a CA and a certificate for <name> on the first start (kept in <dir>,
reused after), prints the runtime config lines that make the runtime trust the
CA and reach <name> at <address>, then prints every request it receives:
method, path, headers (values other than the standard ones masked: they are
the webhook's secrets) and the body. It answers every request with <status>.
Ctrl-C stops it. Port 443 needs root or CAP_NET_BIND_SERVICE.

Options:
  --name <host>       the host webhooks use in their url (default ${DEFAULT_NAME})
  --address <ip>      the loopback address to listen on (default ${DEFAULT_ADDRESS})
  --dir <dir>         where the CA and certificate are kept (default ${DEFAULT_DIR})
  --status <code>     the status every request is answered with (default 200)
  --json              one JSON object per line: first {"ready":…}, then one per request
  -h, --help          show this help

Examples:
  webhooks dev receiver
  webhooks dev receiver --status 500        # see the runtime retry
  webhooks dev receiver --name siem.dev.test --address 127.0.0.78
`,
  options: {
    name: { type: "string" },
    address: { type: "string" },
    dir: { type: "string" },
    status: { type: "string" },
    json: { type: "boolean" },
    // Tests only: a webhook URL cannot name a port, so users never need it.
    port: { type: "string" },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const name = typeof values.name === "string" ? values.name : DEFAULT_NAME;
    const address = typeof values.address === "string" ? values.address : DEFAULT_ADDRESS;
    const dir = typeof values.dir === "string" ? values.dir : DEFAULT_DIR;
    const status = typeof values.status === "string" ? Number(values.status) : 200;
    const json = values.json === true;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(name)) throw new UsageError(`--name must be a DNS name like ${DEFAULT_NAME}`);
    if (isIP(address) !== 4 || !address.startsWith("127.")) throw new UsageError("--address must be a loopback IPv4 address in 127.0.0.0/8, e.g. 127.0.0.77");
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new UsageError("--status must be an HTTP status from 200 to 599");
    const port = typeof values.port === "string" ? Number(values.port) : undefined;
    let receiver;
    try {
      receiver = await startDevReceiver({ name, address, dir, status, ...(port === undefined ? {} : { port }) }, (r) =>
        json ? io.out(`${JSON.stringify({ request: r })}\n`) : printRequest(io, r),
      );
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.err(`webhooks dev receiver: ${err.syscall === "listen" ? bindHint(address, err) : err.message}\n`);
      return EXIT_FAILED;
    }
    if (json) {
      io.out(`${JSON.stringify({ ready: { url: receiver.url, address, caFile: receiver.caFile, runtimeConfigYaml: receiver.runtimeConfigYaml } })}\n`);
    } else {
      io.out(
        `webhooks dev receiver: ${receiver.url} → ${address}:443, answering ${status}\n\n` +
          `Add to the runtime config (webhooks runtime start --config runtime.yaml):\n\n${receiver.runtimeConfigYaml
            .split("\n")
            .map((l) => `  ${l}`)
            .join("\n")}\n\n` +
          `and use url: ${receiver.url}/<any path> in a webhook. For "webhooks test": --ca-file ${receiver.caFile} ` +
          `--resolve ${name}:${address} --allow-cidr ${address}/32\n` +
          `Waiting for requests (Ctrl-C stops).\n`,
      );
    }
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        done();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await receiver.close();
    return EXIT_OK;
  },
};

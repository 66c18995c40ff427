// The API's connection budget on a real loopback server: over budget, a new connection closes
// the oldest one without a request in progress; a request being answered is never cut, and
// when every connection is busy the newcomer is the one refused.
import { createServer, get, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { guardConnections } from "../../../provider/runtime/api/connectionBudget";
import { createLogger } from "../../../provider/runtime/logger";

let server: Server;
let port: number;
const sockets: Socket[] = [];
const lines: string[] = [];

beforeEach(async () => {
  lines.length = 0;
  server = createServer((req, res) => {
    // /slow answers after 400 ms: a request in progress while the budget fills.
    setTimeout(() => res.end("ok"), req.url === "/slow" ? 400 : 0);
  });
  guardConnections(server, 3, createLogger({ level: "warn", write: (line) => lines.push(line) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function silent(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1", () => resolve(s));
    s.on("error", () => undefined);
    sockets.push(s);
  });
}

function getStatus(path: string): Promise<number> {
  return new Promise((resolve) => {
    get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    }).on("error", () => resolve(0));
  });
}

const closed = (s: Socket) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once("close", () => resolve())));
const settle = () => new Promise((r) => setTimeout(r, 50));

describe("guardConnections", () => {
  it("closes the oldest idle connection for a new one, never a request in progress", async () => {
    const slow = getStatus("/slow");
    await settle();
    const first = await silent();
    await silent();
    await settle();
    // Budget 3 is full (slow + two idle): the next request pushes out `first`, not /slow.
    expect(await getStatus("/")).toBe(200);
    await closed(first);
    expect(await slow).toBe(200);
    expect(lines.join("")).toContain('"msg":"connection budget full: closed the oldest idle connection","maxConnections":3,"newcomer":false');
  });

  it("refuses the newcomer when every connection has a request in progress", async () => {
    const busy = [getStatus("/slow"), getStatus("/slow"), getStatus("/slow")];
    await settle();
    expect(await getStatus("/")).toBe(0);
    expect(await Promise.all(busy)).toEqual([200, 200, 200]);
  });
});

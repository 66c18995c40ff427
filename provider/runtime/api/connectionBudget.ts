// Bounds the API's open connections so no client, authenticated or not, can use
// up the open-file limit the store and outbound deliveries need. When the budget
// is full a new connection pushes out the oldest one with no request in progress
// (half-open, slow headers, idle keep-alive): a flood of such sockets cannot lock
// a real client out, and a request being answered is never cut.
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { openFileLimit } from "../../http/openFiles";
import type { Logger } from "../logger";

/** Descriptors kept for the store, log, listening socket and idle outbound keep-alive, beyond one per delivery slot. */
export const FD_RESERVE = 64;
/** Without a known open-file limit (not Linux, or unlimited). */
const UNKNOWN_LIMIT_BUDGET = 16_384;

/**
 * Connections the API accepts at once: `server.maxConnections` when given, never more than the
 * open-file limit minus a reserve of `delivery.concurrency` + FD_RESERVE for outbound work.
 */
export function connectionBudget(options: { configured?: number; deliveryConcurrency: number; limit?: number }): number {
  const limit = options.limit;
  const ceiling =
    limit === undefined ? UNKNOWN_LIMIT_BUDGET : Math.max(16, limit - options.deliveryConcurrency - FD_RESERVE);
  return Math.min(options.configured ?? ceiling, ceiling);
}

export function defaultConnectionBudget(configured: number | undefined, deliveryConcurrency: number): number {
  return connectionBudget({ configured, deliveryConcurrency, limit: openFileLimit() });
}

/**
 * A connection that has not started a request this long after it opened is closed. node's
 * headersTimeout only runs once a first byte arrived: a socket that sends nothing stayed forever.
 */
export const FIRST_REQUEST_TIMEOUT_MS = 10_000;

/** A warning logged at most once per `everyMs`, with how often it happened in all. */
function throttledWarning(logger: Logger, message: string, everyMs: number): (fields: Record<string, unknown>) => void {
  let last = 0;
  let count = 0;
  return (fields) => {
    count += 1;
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    logger.warn(message, { ...fields, total: count });
  };
}

export function guardConnections(server: Server, maxConnections: number, logger: Logger): void {
  // Insertion order is age: the first idle one found is the oldest.
  const sockets = new Set<Socket>();
  const busy = new WeakSet<Socket>();
  // An operator should know the API is being flooded; one line per 10 s is enough to see it.
  const shedWarning = throttledWarning(logger, "connection budget full: closed the oldest idle connection", 10_000);
  const acceptWarning = throttledWarning(logger, "accepting a connection failed; the process is out of file descriptors", 1000);

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // With no 'timeout' listener on the server, node's own handler destroys the socket.
    socket.setTimeout(FIRST_REQUEST_TIMEOUT_MS);
    if (sockets.size <= maxConnections) return;
    let victim: Socket = socket;
    for (const s of sockets) {
      if (s !== socket && !busy.has(s)) {
        victim = s;
        break;
      }
    }
    sockets.delete(victim);
    victim.destroy();
    shedWarning({ maxConnections, newcomer: victim === socket });
  });
  server.on("request", (req, res) => {
    // From here node's request, headers and keep-alive timeouts govern the connection.
    req.socket.setTimeout(0);
    busy.add(req.socket);
    res.once("close", () => busy.delete(req.socket));
  });
  // accept() failing (EMFILE, ENFILE) is reported on the server; unhandled, it would exit the process.
  // libuv already drops the pending connection, so a log line (at most one a second) is all that is needed.
  // Attached once listening: a listen error (EADDRINUSE) is the caller's to report.
  server.once("listening", () => server.on("error", (e: NodeJS.ErrnoException) => acceptWarning({ code: e.code, open: sockets.size })));
}

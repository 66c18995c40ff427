// The HTTP ingest source: one event or `{events: [...]}`, answered 202 only
// after the engine has committed them (and their deliveries) durably.
import type { EventKind } from "../../model/events";
import type { Route, RouteResult, RouteRequest, ApiContext } from "./routes";

function ingest(kind: EventKind) {
  return async (req: RouteRequest, { engine }: ApiContext): Promise<RouteResult> => {
    const result = await engine.ingest(kind, await req.json());
    return {
      status: 202,
      body: { accepted: result.events.length, events: result.events.map((e) => ({ id: e.id, duplicate: e.duplicate })) },
    };
  };
}

export const eventRoutes: readonly Route[] = [
  { path: "/v1/events/audit", methods: { POST: { access: "ingest", handle: ingest("audit") } } },
  { path: "/v1/events/request", methods: { POST: { access: "ingest", handle: ingest("request") } } },
];

// An engine on a temp SQLite file or a PostgreSQL test database, delivering to the real HTTPS receiver of
// test/support (https://hooks.test/... pinned to it), with a recording observer.
import type { InvocationRecord } from "../../../provider/delivery/deliverOnce";
import type { EventKind } from "../../../provider/model/events";
import { parseRuntimeConfig, type RuntimeConfigInput } from "../../../provider/model/runtimeConfig";
import { createEngine } from "../../../provider/runtime/createEngine";
import type { Engine, EngineObserver } from "../../../provider/runtime/engine";
import { loadKeyring } from "../../../provider/runtime/secrets/loadKeyring";
import { openPostgresStore } from "../../../provider/runtime/store/postgresStore";
import { openSqliteStore } from "../../../provider/runtime/store/sqliteStore";
import type { DeliveryRow, Store } from "../../../provider/runtime/store/store";
import type { Receiver } from "../../support/httpsReceiver";
import type { TestStores } from "../../support/storeKinds";
import type { TestCa } from "../../support/testCa";
import { waitFor } from "./storeFixtures";

export interface RecordingObserver extends EngineObserver {
  ingested: Array<{ kind: EventKind; count: number; duplicates: number }>;
  attempts: Array<{ record: InvocationRecord; status: string }>;
  logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
}

export function recordingObserver(): RecordingObserver {
  const o: RecordingObserver = {
    ingested: [],
    attempts: [],
    logs: [],
    eventsIngested: (kind, count, duplicates) => void o.ingested.push({ kind, count, duplicates }),
    attemptFinished: (record, status) => void o.attempts.push({ record, status }),
    log: (level, message, fields) => void o.logs.push({ level, message, ...(fields === undefined ? {} : { fields }) }),
  };
  return o;
}

/** Runtime config reaching `rx` by the names hooks.test and a.hooks.test. */
export function runtimeConfig(dataDir: string, rx: Receiver, ca: TestCa, extra: RuntimeConfigInput = {}) {
  return parseRuntimeConfig({
    dataDir,
    tls: { caFile: ca.caFile },
    network: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"], resolve: rx.pin("hooks.test", "a.hooks.test") },
    retention: { days: 0 },
    ...extra,
    delivery: { backoff: { initialSeconds: 0.05, maxSeconds: 1, multiplier: 2 }, ...(extra.delivery ?? {}) },
  });
}

export async function startEngine(
  dataDir: string,
  rx: Receiver,
  ca: TestCa,
  extra: RuntimeConfigInput = {},
  stores?: TestStores,
): Promise<{ engine: Engine; observer: RecordingObserver }> {
  const observer = recordingObserver();
  const store = stores === undefined ? {} : { store: await stores.storeFor(dataDir) };
  const engine = await createEngine({ config: runtimeConfig(dataDir, rx, ca, { ...store, ...extra }), observer });
  await engine.start();
  return { engine, observer };
}

/** Waits until every delivery is finished (delivered or dead) and there are `count` of them. */
export async function settled(engine: Engine, count: number): Promise<DeliveryRow[]> {
  let rows: DeliveryRow[] = [];
  await waitFor(`${count} finished deliveries`, async () => {
    rows = await engine.store.listDeliveries({ limit: 1000 });
    return rows.length === count && rows.every((d) => d.status === "delivered" || d.status === "dead");
  });
  return rows;
}

/** Opens (and migrates) the store a runtime on this data dir uses: its SQLite file or its PostgreSQL database. */
export async function openTestStore(stores: TestStores, dataDir: string): Promise<Store> {
  // The keys that runtime uses: generated into its data dir on its first start.
  const { keyring } = loadKeyring({ dataDir, encryption: {} });
  const store = stores.kind === "sqlite" ? openSqliteStore({ dataDir, keyring }) : openPostgresStore({ url: await stores.storeFor(dataDir), keyring });
  await store.migrate();
  return store;
}

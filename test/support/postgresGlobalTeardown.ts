// Stops the server postgresGlobalSetup started (none when the URL came from outside).
import type { PostgresCluster } from "./postgresCluster";

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { webhooksTestPostgres?: PostgresCluster };
  await g.webhooksTestPostgres?.stop();
  g.webhooksTestPostgres = undefined;
}

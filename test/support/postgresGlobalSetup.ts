// jest globalSetup of the integration project: a PostgreSQL server for the
// PostgreSQL store's tests, unless WEBHOOKS_TEST_POSTGRES_URL names one already.
// Workers start after this and inherit the URL through the environment.
import { startPostgresCluster, type PostgresCluster } from "./postgresCluster";

export default async function globalSetup(): Promise<void> {
  if (process.env.WEBHOOKS_TEST_POSTGRES_URL) return;
  const cluster = await startPostgresCluster();
  process.env.WEBHOOKS_TEST_POSTGRES_URL = cluster.url;
  (globalThis as { webhooksTestPostgres?: PostgresCluster }).webhooksTestPostgres = cluster;
}

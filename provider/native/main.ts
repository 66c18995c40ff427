#!/usr/bin/env node
// pulumi-resource-webhooks: the engine starts this, reads the port it prints,
// and speaks the ResourceProvider protocol to it. The engine's address
// (argv[2]) is not needed: the provider logs nothing through the engine.
import { serve } from "./providerServer";
import { WebhooksNativeProvider } from "./webhooksProvider";

serve(new WebhooksNativeProvider()).catch((e: unknown) => {
  process.stderr.write(`pulumi-resource-webhooks: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

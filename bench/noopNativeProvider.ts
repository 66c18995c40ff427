// bench/pulumiUp's baseline for the native plugin: a provider plugin whose one
// resource (benchnoop:index:Noop) does nothing, served by the same gRPC server
// code as pulumi-resource-webhooks (provider/native/providerServer.ts), so the
// ratio shows what the webhooks core costs and not the protocol.
import { serve, type NativeProvider } from "../provider/native/providerServer";

export const NOOP_SCHEMA = JSON.stringify({
  name: "benchnoop",
  version: "0.1.0",
  resources: {
    "benchnoop:index:Noop": { inputProperties: { name: { type: "string" } }, properties: { name: { type: "string" } } },
  },
});

const none = { changes: false, replaces: [], deleteBeforeReplace: false, detailed: {} };

export const noopProvider: NativeProvider = {
  version: "0.1.0",
  schema: NOOP_SCHEMA,
  checkConfig: (_olds, news) => ({ inputs: news, failures: [] }),
  diffConfig: () => none,
  configure: () => undefined,
  check: async (_step, _olds, news) => ({ inputs: news, failures: [] }),
  diff: async () => none,
  create: async (_step, props) => ({ id: `noop-${String(props.name)}`, outs: props }),
  read: async (_step, id, props) => ({ id, props }),
  update: async (_step, _id, _olds, news) => ({ outs: news }),
  delete: async () => undefined,
  invoke: async () => ({}),
};

if (require.main === module) {
  serve(noopProvider).catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}

// A ResourceProviderService of our own on the stubs @pulumi/pulumi ships. The
// stock `@pulumi/pulumi/provider` main() drops Configure's variables, never
// sends detailedDiff and crashes on an import's Read (native-provider.md
// step 2); this one maps each RPC onto a plain-JS NativeProvider and back.
// Any provider (the webhooks one, the bench's no-op one) is served by it.
import { Any, Empty, grpc, pb, pluginPb, providerService, StatusPb, Struct, type GrpcServer, type StructMessage } from "./grpcStubs";

export type Props = Record<string, unknown>;

// The core's outcome shapes are the protocol's too: one definition.
import type { CheckFailure } from "../resources/checkInputs";
import type { DiffOutcome } from "../resources/diffState";
import { debugEnabled, engineMessage } from "../resources/engineError";

export type { CheckFailure, DiffOutcome };

/** One step's call: the resource type (from the URN) and the engine's customTimeouts for it, in seconds (0: none). */
export interface StepContext {
  /** The resource's URN (who manages a registration: managedBy). */
  urn: string;
  type: string;
  timeoutSeconds: number;
}

export interface NativeProvider {
  version: string;
  /** schema.json's text, answered as is to GetSchema. */
  schema: string;
  checkConfig(olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] };
  diffConfig(olds: Props, news: Props): DiffOutcome;
  /** `variables` are the stack config of this package (keys `<pkg>:<key>`); `args` an explicit provider's inputs. */
  configure(variables: Record<string, string>, args: Props | undefined): void;
  check(step: StepContext, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(step: StepContext, id: string, olds: Props, news: Props): Promise<DiffOutcome>;
  create(step: StepContext, props: Props): Promise<{ id: string; outs: Props }>;
  /** `props` is empty for an import (the engine knows only the id). */
  read(step: StepContext, id: string, props: Props, inputs: Props): Promise<{ id: string; props?: Props; inputs?: Props }>;
  update(step: StepContext, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(step: StepContext, id: string, props: Props): Promise<void>;
  invoke(token: string, args: Props): Promise<Props>;
}

/** What a step throws when the resource exists but the step did not finish: the engine keeps the id and state. */
export interface PartialFailure {
  id: string;
  properties?: Props;
  reasons?: string[];
}

type Callback = (error: unknown, response?: unknown) => void;
interface Call {
  request: Record<string, (...a: never[]) => unknown>;
}

const KIND = { add: 0, delete: 2, update: 4 } as const;

/** The engine's URN `urn:pulumi:stack::project::parent$type::name` → `type`. */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** JSON-only values (no undefined), as Struct.fromJavaScript needs them. */
const struct = (value: Props | undefined): StructMessage => Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})) as Props);
const plain = (message: StructMessage | undefined): Props => (message === undefined ? {} : message.toJavaScript());

function errorOf(e: unknown): { code: number; message: string; metadata?: unknown } {
  const error = e as Partial<PartialFailure>;
  const message = engineMessage(e);
  // The engine shows a plugin's stderr: the stack only when asked for.
  if (debugEnabled() && e instanceof Error) console.error(e.stack);
  if (typeof error?.id !== "string" || error.id === "") return { code: grpc.status.UNKNOWN, message };
  // The resource exists: pack ErrorResourceInitFailed into the status details so the engine keeps it.
  const detail = new pb.ErrorResourceInitFailed();
  detail.setId(error.id);
  detail.setProperties(struct(error.properties) as never);
  detail.setReasonsList(error.reasons ?? [message]);
  const any = new Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new StatusPb();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(any);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.UNKNOWN, message, metadata };
}

function unary<Req>(handler: (req: Req) => Promise<unknown> | unknown) {
  return (call: Call, callback: Callback): void => {
    Promise.resolve()
      .then(() => handler(call.request as unknown as Req))
      .then(
        (response) => callback(null, response),
        (e: unknown) => callback(errorOf(e)),
      );
  };
}

function checkResponse(result: { inputs: Props; failures: CheckFailure[] }) {
  const resp = new pb.CheckResponse();
  resp.setInputs(struct(result.inputs) as never);
  resp.setFailuresList(
    result.failures.map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return resp;
}

function diffResponse(d: DiffOutcome) {
  const resp = new pb.DiffResponse();
  resp.setChanges(d.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
  resp.setReplacesList(d.replaces);
  resp.setDeletebeforereplace(d.deleteBeforeReplace);
  resp.setDiffsList(Object.keys(d.detailed));
  const map = resp.getDetaileddiffMap();
  for (const [prop, change] of Object.entries(d.detailed)) {
    const p = new pb.PropertyDiff();
    p.setKind((KIND[change.kind] + (change.replace ? 1 : 0)) as never);
    p.setInputdiff(change.input !== false);
    map.set(prop, p);
  }
  resp.setHasdetaileddiff(true);
  return resp;
}

type Req = Record<string, () => never>;
const stepOf = (req: Req): StepContext => ({
  urn: String(req.getUrn()),
  type: typeOfUrn(String(req.getUrn())),
  timeoutSeconds: typeof req.getTimeout === "function" ? Number(req.getTimeout()) || 0 : 0,
});

/** The service implementation: exported so tests call it without an engine. */
export function serviceImplementation(provider: NativeProvider): Record<string, unknown> {
  return {
    getPluginInfo: unary(() => {
      const info = new pluginPb.PluginInfo();
      info.setVersion(provider.version);
      return info;
    }),
    getSchema: unary(() => {
      const resp = new pb.GetSchemaResponse();
      resp.setSchema(provider.schema);
      return resp;
    }),
    checkConfig: unary((req: Req) => checkResponse(provider.checkConfig(plain(req.getOlds()), plain(req.getNews())))),
    diffConfig: unary((req: Req) => diffResponse(provider.diffConfig(plain(req.getOlds()), plain(req.getNews())))),
    configure: unary((req: Req) => {
      const variables: Record<string, string> = {};
      const map = req.getVariablesMap() as unknown as { forEach(f: (v: string, k: string) => void): void };
      map.forEach((v, k) => (variables[k] = v));
      const args = req.getArgs() as unknown as StructMessage | undefined;
      provider.configure(variables, args === undefined ? undefined : plain(args));
      const resp = new pb.ConfigureResponse();
      resp.setAcceptsecrets(true);
      resp.setSupportspreview(false);
      resp.setAcceptresources(false);
      return resp;
    }),
    check: unary(async (req: Req) => checkResponse(await provider.check(stepOf(req), plain(req.getOlds()), plain(req.getNews())))),
    diff: unary(async (req: Req) => diffResponse(await provider.diff(stepOf(req), String(req.getId()), plain(req.getOlds()), plain(req.getNews())))),
    create: unary(async (req: Req) => {
      const result = await provider.create(stepOf(req), plain(req.getProperties()));
      const resp = new pb.CreateResponse();
      resp.setId(result.id);
      resp.setProperties(struct(result.outs) as never);
      return resp;
    }),
    read: unary(async (req: Req) => {
      // An import sends neither properties nor inputs; a `.get` sends empty ones.
      const result = await provider.read(stepOf(req), String(req.getId()), plain(req.getProperties()), plain(req.getInputs()));
      const resp = new pb.ReadResponse();
      resp.setId(result.id);
      if (result.props !== undefined) resp.setProperties(struct(result.props) as never);
      if (result.inputs !== undefined) resp.setInputs(struct(result.inputs) as never);
      return resp;
    }),
    update: unary(async (req: Req) => {
      const result = await provider.update(stepOf(req), String(req.getId()), plain(req.getOlds()), plain(req.getNews()));
      const resp = new pb.UpdateResponse();
      resp.setProperties(struct(result.outs) as never);
      return resp;
    }),
    delete: unary(async (req: Req) => {
      await provider.delete(stepOf(req), String(req.getId()), plain(req.getProperties()));
      return new Empty();
    }),
    invoke: unary(async (req: Req) => {
      const result = await provider.invoke(String(req.getTok()), plain(req.getArgs()));
      const resp = new pb.InvokeResponse();
      resp.setReturn(struct(result) as never);
      return resp;
    }),
    cancel: unary(() => new Empty()),
  };
}

/**
 * Serves `provider` on a loopback port and prints the port on stdout, which is
 * how the engine finds a plugin. Resolves to the server so tests can stop it.
 */
export async function serve(provider: NativeProvider, options: { print?: boolean } = {}): Promise<{ port: number; server: GrpcServer }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerService, serviceImplementation(provider));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err === null ? resolve(p) : reject(err)));
  });
  if (options.print !== false) process.stdout.write(`${port}\n`);
  return { port, server };
}

// Pulumi's own dynamic-provider gRPC server (the process the engine starts as
// `pulumi-resource-pulumi-nodejs`), driven with the stubs @pulumi/pulumi ships,
// the way the engine drives it (pulumi-notes.md §D3). The server runs in a
// throwaway project whose node_modules holds `pulumi-webhooks` (a link to this
// repository, built), as a user's project does; so the serialized provider
// loads the implementation by package name exactly as it would there.
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

export interface GrpcError extends Error {
  code: number;
  details: string;
  metadata: grpc.Metadata;
}

export interface DynamicProviderServer {
  configure(config: Props): Promise<{ acceptSecrets: boolean }>;
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(props: Props): Promise<{ id: string; properties: Props }>;
  read(id: string, props: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(id: string, props: Props): Promise<void>;
  /** Everything the server wrote to stdout and stderr. */
  output(): string;
  close(): Promise<void>;
}

export const secretValue = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

/** What the engine sends a provider that does not accept secrets: the same values, secret markers removed. */
export function withoutSecretMarkers<T>(value: T): T {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v === "object" && v !== null) {
      const o = v as Props;
      if (o[SECRET_SIG_KEY] === SECRET_SIG) return strip(o.value);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return strip(value) as T;
}

function withoutRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("WEBHOOKS_RUNTIME_")));
}

const struct = (props: Props) => Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);

function unary<Req, Res>(client: ResourceProviderClient, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>)[method];
    fn.call(client, request, (error, response) => (error === null ? resolve(response) : reject(error)));
  });
}

export async function startDynamicProviderServer(project = "webhooks-test"): Promise<DynamicProviderServer> {
  const tmp = tempDir("dynamic-provider-");
  mkdirSync(join(tmp.dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(tmp.dir, "node_modules", "pulumi-webhooks"), "dir");
  const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  // The server needs an engine address argument it never calls; it prints its own port.
  const child: ChildProcess = spawn(process.execPath, [entry, "127.0.0.1:1"], {
    cwd: tmp.dir,
    // Only what the test configures counts: a developer's own runtime settings are left out.
    env: { ...withoutRuntimeEnv(process.env), PULUMI_NODEJS_PROJECT: project },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let first = "";
    const onData = (d: Buffer) => {
      first += d.toString();
      const m = /^(\d+)\s/.exec(first);
      if (m !== null) {
        child.stdout!.off("data", onData);
        child.stdout!.on("data", (x: Buffer) => (output += x.toString()));
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`dynamic provider exited ${code}: ${output}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  return {
    async configure(config) {
      const req = new proto.ConfigureRequest();
      req.setArgs(struct(config));
      req.setAcceptsecrets(true);
      const res = await unary<proto.ConfigureRequest, proto.ConfigureResponse>(client, "configure", req);
      return { acceptSecrets: res.getAcceptsecrets() };
    },
    async check(olds, news) {
      const req = new proto.CheckRequest();
      req.setUrn("urn:pulumi:dev::webhooks-test::pulumi-nodejs:dynamic/webhooks:RequestWebhook::w");
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await unary<proto.CheckRequest, proto.CheckResponse>(client, "check", req);
      return {
        inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props,
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(id, olds, news) {
      const req = new proto.DiffRequest();
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await unary<proto.DiffRequest, proto.DiffResponse>(client, "diff", req);
      return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    },
    async create(props) {
      const req = new proto.CreateRequest();
      req.setProperties(struct(props));
      const res = await unary<proto.CreateRequest, proto.CreateResponse>(client, "create", req);
      return { id: res.getId(), properties: (res.getProperties()?.toJavaScript() ?? {}) as Props };
    },
    async read(id, props) {
      const req = new proto.ReadRequest();
      req.setId(id);
      req.setProperties(struct(props));
      const res = await unary<proto.ReadRequest, proto.ReadResponse>(client, "read", req);
      return {
        id: res.getId(),
        properties: (res.getProperties()?.toJavaScript() ?? {}) as Props,
        inputs: res.getInputs()?.toJavaScript() as Props | undefined,
      };
    },
    async update(id, olds, news) {
      const req = new proto.UpdateRequest();
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await unary<proto.UpdateRequest, proto.UpdateResponse>(client, "update", req);
      return { properties: (res.getProperties()?.toJavaScript() ?? {}) as Props };
    },
    async delete(id, props) {
      const req = new proto.DeleteRequest();
      req.setId(id);
      req.setProperties(struct(props));
      await unary(client, "delete", req);
    },
    output: () => output,
    async close() {
      client.close();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
      tmp.remove();
    },
  };
}

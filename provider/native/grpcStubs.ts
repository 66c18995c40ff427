// The gRPC stubs the engine's protocol needs, loaded from the copies
// @pulumi/pulumi ships and resolved *through* it: a second google-protobuf
// (e.g. a newer top-level one) makes a Struct the stubs cannot serialize
// ("Error deserializing request"; native-provider.md step 6).
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const viaPulumi = createRequire(path.join(pulumiDir, "package.json"));

/** The part of @grpc/grpc-js the server uses (the package sits inside @pulumi/pulumi, so its types are not visible here). */
export interface GrpcStatusError {
  code: number;
  message: string;
  metadata?: unknown;
}
export interface GrpcServer {
  addService(service: unknown, implementation: Record<string, unknown>): void;
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
  tryShutdown(callback: (error?: Error) => void): void;
  forceShutdown(): void;
}
export interface GrpcModule {
  Server: new (options?: Record<string, unknown>) => GrpcServer;
  ServerCredentials: { createInsecure(): unknown };
  Metadata: new () => { add(key: string, value: Buffer | string): void };
  status: { UNKNOWN: number; INVALID_ARGUMENT: number; NOT_FOUND: number; UNIMPLEMENTED: number; DEADLINE_EXCEEDED: number };
}
export interface StructClass {
  fromJavaScript(value: Record<string, unknown>): StructMessage;
}
export interface StructMessage {
  toJavaScript(): Record<string, unknown>;
}

export const grpc = viaPulumi("@grpc/grpc-js") as GrpcModule;
export const pb = viaPulumi("./proto/provider_pb") as typeof providerPb;
export const pluginPb = viaPulumi("./proto/plugin_pb") as { PluginInfo: new () => { setVersion(v: string): unknown } };
export const providerService = (viaPulumi("./proto/provider_grpc_pb") as { ResourceProviderService: unknown }).ResourceProviderService;
export const Struct = (viaPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: StructClass }).Struct;
export const Empty = (viaPulumi("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown }).Empty;
export const Any = (viaPulumi("google-protobuf/google/protobuf/any_pb") as {
  Any: new () => { pack(bytes: Uint8Array, name: string): void };
}).Any;
export const StatusPb = (viaPulumi("./proto/status_pb") as {
  Status: new () => { setCode(c: number): void; setMessage(m: string): void; addDetails(d: unknown): void; serializeBinary(): Uint8Array };
}).Status;

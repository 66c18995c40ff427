// The runtime's configuration (product.md §6): one zod schema with every default.
// A YAML/JSON file gives the values; WEBHOOKS_* environment variables override
// them (see ENV_OVERRIDES); generated tokens fill what is still missing.
import { z } from "zod";
import { WebhookError, formatPath } from "../errors";

const listen = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: "listen is host:port, e.g. 127.0.0.1:8787" });

const token = z.string().min(16, { error: "a token has at least 16 characters; omit it to have one generated" });

const FileSourceSchema = z.strictObject({
  type: z.literal("file"),
  path: z.string().min(1),
  /** Keep reading lines appended after the end of the file. */
  follow: z.boolean().default(true),
  /** Kind of the events in the file. */
  kind: z.enum(["audit", "request"]).default("request"),
  /** Offset key; defaults to the path, so moving the file restarts it unless a name is kept. */
  name: z.string().min(1).optional(),
});

/** Two largest bodies: what the default heap cap holds parsed (docs/runtime.md "Memory"). */
export const DEFAULT_MAX_BYTES_IN_FLIGHT = 10 * 1024 * 1024;

/**
 * Heap a capped runtime needs besides ingest (code, store, claimed deliveries), and the heap per MiB of
 * bodies in flight: a parsed wide event retains ~7× its bytes (a 3.3 MiB, 300,000-key event: 22 MB).
 */
export const HEAP_BASE_MB = 64;
export const HEAP_MB_PER_INGEST_MIB = 8;

/** The default heap cap: HEAP_BASE_MB + 8 × the default 10 MiB in flight = 144 MB needed, with room. */
export const DEFAULT_MAX_HEAP_MB = 192;

/** The least memory.maxHeapMb that holds `maxBytesInFlight` of parsed bodies (docs/runtime.md "Memory"). */
export function minHeapMbFor(maxBytesInFlight: number): number {
  return HEAP_BASE_MB + Math.ceil((HEAP_MB_PER_INGEST_MIB * maxBytesInFlight) / (1024 * 1024));
}

export const RuntimeConfigSchema = z.strictObject({
  listen: listen.default("127.0.0.1:8787"),
  dataDir: z.string().min(1).default("./.webhooks-runtime"),
  /** `sqlite` (a file in dataDir) or a `postgres://` URL. */
  store: z
    .string()
    .regex(/^(sqlite|postgres(ql)?:\/\/.+)$/, { error: "store is sqlite or a postgres://user@host/db URL" })
    .default("sqlite"),
  /** The API's connection handling (docs/runtime.md#connection-limits). */
  server: z
    .strictObject({
      /** Open API connections at most; default and ceiling: the open-file limit less a reserve for outbound work. */
      maxConnections: z.number().int().min(1).optional(),
    })
    .default({}),
  adminToken: token.optional(),
  ingestToken: token.optional(),
  /** When set, GET /metrics needs it (or the admin token); never generated. */
  metricsToken: token.optional(),
  /** When set, opens every GET of the admin API and a read-only console session, nothing that changes state; never generated. */
  readToken: token.optional(),
  tls: z.strictObject({ caFile: z.string().min(1).optional() }).default({}),
  network: z
    .strictObject({
      allowPrivateAddresses: z.boolean().default(false),
      allowCidrs: z.array(z.string()).default([]),
      resolve: z.record(z.string(), z.string()).default({}),
    })
    .default({ allowPrivateAddresses: false, allowCidrs: [], resolve: {} }),
  delivery: z
    .strictObject({
      concurrency: z.number().int().min(1).max(4096).default(64),
      perOriginConcurrency: z.number().int().min(1).max(1024).default(16),
      maxAttempts: z.number().int().min(1).max(100).default(8),
      backoff: z
        .strictObject({
          initialSeconds: z.number().positive().default(5),
          maxSeconds: z.number().positive().default(36000),
          /** Each retry waits `multiplier` times longer: 5 s, 40 s, 5 min, 43 min, 5.7 h, 10 h, 10 h ≈ a day for 8 attempts. */
          multiplier: z.number().min(1).default(8),
        })
        .default({ initialSeconds: 5, maxSeconds: 36000, multiplier: 8 }),
      /**
       * A claimed delivery's lease: after a crash, its deliveries are claimed again once it expires. Keep it above
       * the longest webhook timeout (max 60 s) plus a margin, or a slow attempt may be sent twice.
       */
      leaseSeconds: z.number().int().min(2).max(3600).default(90),
    })
    .default({
      concurrency: 64,
      perOriginConcurrency: 16,
      maxAttempts: 8,
      backoff: { initialSeconds: 5, maxSeconds: 36000, multiplier: 8 },
      leaseSeconds: 90,
    }),
  ingest: z
    .strictObject({
      maxBodyBytes: z.number().int().min(1024).default(5 * 1024 * 1024),
      maxBatch: z.number().int().min(1).max(1000).default(1000),
      /** Request body bytes held at once across all requests; more gets 503 API_BUSY + Retry-After (docs/runtime.md "Memory"). */
      maxBytesInFlight: z.number().int().min(1024).default(DEFAULT_MAX_BYTES_IN_FLIGHT),
    })
    .refine((i) => i.maxBytesInFlight >= i.maxBodyBytes, {
      error: "ingest.maxBytesInFlight must be at least ingest.maxBodyBytes, or the largest allowed body could never be taken",
      path: ["maxBytesInFlight"],
    })
    .default({ maxBodyBytes: 5 * 1024 * 1024, maxBatch: 1000, maxBytesInFlight: DEFAULT_MAX_BYTES_IN_FLIGHT }),
  memory: z
    .strictObject({
      /**
       * V8 old-space cap of `webhooks runtime start` in MB (0: Node's own limit). Must hold the ingest
       * budget: at least minHeapMbFor(ingest.maxBytesInFlight), checked below.
       */
      maxHeapMb: z
        .number()
        .int()
        .refine((n) => n === 0 || n >= HEAP_BASE_MB, { error: `memory.maxHeapMb is 0 (Node's own limit) or at least ${HEAP_BASE_MB}` })
        .default(DEFAULT_MAX_HEAP_MB),
    })
    .default({ maxHeapMb: DEFAULT_MAX_HEAP_MB }),
  retention: z
    .strictObject({
      /** Attempts, finished deliveries and their events older than this are removed. 0 keeps everything. */
      days: z.number().min(0).default(30),
    })
    .default({ days: 30 }),
  sources: z.array(FileSourceSchema).default([]),
  /** Keys sealing secret fields at rest (docs/runtime.md "Secrets at rest"); none set: <dataDir>/encryption.keys. */
  encryption: z
    .strictObject({
      /** Base64 32-byte keys, comma-separated, the primary first (usually set by WEBHOOKS_ENCRYPTION_KEY). */
      keys: z.string().min(1).optional(),
      /** A file of base64 keys, one a line, the primary first. */
      keyFile: z.string().min(1).optional(),
    })
    .default({}),
  })
  // A cap below what the ingest budget may hold parsed would turn a burst of big events into a crash.
  .refine((c) => c.memory.maxHeapMb === 0 || c.memory.maxHeapMb >= minHeapMbFor(c.ingest.maxBytesInFlight), {
    path: ["memory", "maxHeapMb"],
    error: (i) => {
      const c = i.input as { memory: { maxHeapMb: number }; ingest: { maxBytesInFlight: number } };
      const need = minHeapMbFor(c.ingest.maxBytesInFlight);
      return `memory.maxHeapMb ${c.memory.maxHeapMb} is below the ${need} MB that ingest.maxBytesInFlight (${c.ingest.maxBytesInFlight} bytes) may hold parsed (${HEAP_BASE_MB} + ${HEAP_MB_PER_INGEST_MIB} per MiB); raise memory.maxHeapMb to ${need} or more, or lower ingest.maxBytesInFlight`;
    },
  });

export type RuntimeConfig = z.output<typeof RuntimeConfigSchema>;
export type RuntimeConfigInput = z.input<typeof RuntimeConfigSchema>;
export type FileSourceConfig = z.output<typeof FileSourceSchema>;

/** Environment variable → config path. Values are strings; booleans accept true/false/1/0. */
export const ENV_OVERRIDES: ReadonlyArray<{ env: string; path: readonly string[]; type: "string" | "boolean" | "number" }> = [
  { env: "WEBHOOKS_LISTEN", path: ["listen"], type: "string" },
  { env: "WEBHOOKS_DATA_DIR", path: ["dataDir"], type: "string" },
  { env: "WEBHOOKS_STORE", path: ["store"], type: "string" },
  { env: "WEBHOOKS_ADMIN_TOKEN", path: ["adminToken"], type: "string" },
  { env: "WEBHOOKS_INGEST_TOKEN", path: ["ingestToken"], type: "string" },
  { env: "WEBHOOKS_METRICS_TOKEN", path: ["metricsToken"], type: "string" },
  { env: "WEBHOOKS_READ_TOKEN", path: ["readToken"], type: "string" },
  { env: "WEBHOOKS_TLS_CA_FILE", path: ["tls", "caFile"], type: "string" },
  { env: "WEBHOOKS_ENCRYPTION_KEY", path: ["encryption", "keys"], type: "string" },
  { env: "WEBHOOKS_ENCRYPTION_KEY_FILE", path: ["encryption", "keyFile"], type: "string" },
  { env: "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", path: ["network", "allowPrivateAddresses"], type: "boolean" },
  { env: "WEBHOOKS_MAX_HEAP_MB", path: ["memory", "maxHeapMb"], type: "number" },
];

/** Validates a runtime config (file values with env overrides applied); errors carry the config path. */
export function parseRuntimeConfig(input: unknown): RuntimeConfig {
  const parsed = RuntimeConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatPath(issue.path);
  const what = issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.join(", ")}` : issue.message;
  throw new WebhookError({
    code: "RUNTIME_CONFIG_INVALID",
    path,
    message: `runtime config${path === "" ? "" : ` ${path}`}: ${what}`,
  });
}

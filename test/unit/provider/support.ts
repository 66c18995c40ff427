// The engine's Config for configure(): fully qualified keys, as the engine passes them to dynamic providers.
export function stackConfig(values: Record<string, string>): { config: { get(key: string): string | undefined } } {
  return { config: { get: (key: string) => values[key] } };
}

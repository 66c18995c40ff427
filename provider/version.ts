// The package version (CLI --version, User-Agent). Read from package.json at run
// time because the sources and the built dist/ sit at different depths below it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      // Either package: the SDK (pulumi-webhooks) or the runtime (pulumi-webhooks-runtime), one version.
      if ((pkg.name === "pulumi-webhooks" || pkg.name === "pulumi-webhooks-runtime") && typeof pkg.version === "string") return pkg.version;
    }
    dir = dirname(dir);
  }
  return "0.0.0";
}

export const VERSION: string = readVersion();

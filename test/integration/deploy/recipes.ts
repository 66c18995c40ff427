// Reads the deploy recipes the way their tools do, so the tests run what the files say:
// a Containerfile's instructions (line continuations joined, JSON-form commands parsed)
// and a systemd unit's [Service] keys.
import { readFileSync } from "node:fs";

export interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

export function readContainerfile(file: string): Instruction[] {
  const joined = readFileSync(file, "utf8").replace(/\\\n/g, " ");
  let stage = -1;
  const out: Instruction[] = [];
  for (const raw of joined.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage += 1;
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), stage });
  }
  return out;
}

/** `ENV A=1 B=2` pairs (unquoted values, as the recipe writes them). */
export function envOf(instructions: readonly Instruction[], stage: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of instructions.filter((x) => x.keyword === "ENV" && x.stage === stage)) {
    for (const pair of i.args.split(/\s+/)) {
      const eq = pair.indexOf("=");
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

/** The JSON array of an exec-form instruction (`ENTRYPOINT [...]`, `CMD [...]`, `HEALTHCHECK … CMD [...]`). */
export function execForm(args: string): string[] {
  const start = args.indexOf("[");
  return JSON.parse(args.slice(start)) as string[];
}

/** Every `Key=value` of a unit's section, in order (keys may repeat). */
export function unitSection(file: string, section: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let inside = false;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) inside = line === `[${section}]`;
    else if (inside && line !== "" && !line.startsWith("#")) {
      const eq = line.indexOf("=");
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return out;
}

// Reads a YAML or JSON file (config files, event files). YAML 1.2 is a superset
// of JSON, so one parser serves both; duplicate keys are an error, not "last wins".
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { WebhookError } from "../errors";

/** Largest file accepted: a config or an event is small; anything bigger is a mistake. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function readDataFile(file: string): unknown {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_FILE_BYTES) {
      throw unreadable(`${file} is ${buf.length} bytes; the limit is ${MAX_FILE_BYTES}`);
    }
    text = buf.toString("utf8");
  } catch (e) {
    if (e instanceof WebhookError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file} (${code ?? String(e)})`);
  }
  return parseDataText(text, file);
}

export function parseDataText(text: string, name: string): unknown {
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw unreadable(`${name} is not valid YAML or JSON: ${msg}`);
  }
}

function unreadable(message: string): WebhookError {
  return new WebhookError({ code: "CONFIG_FILE_UNREADABLE", message });
}

// Reads a YAML or JSON file (config files, event files). YAML 1.2 is a superset
// of JSON, so one parser serves both; duplicate keys are an error, not "last wins".
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, type YAMLError } from "yaml";
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

// The parser's own messages quote the offending text, which in a config can be a secret
// (`token: !abc…` is an unknown tag, `token: *abc…` an unknown alias): errors name the
// problem's code and position only. Warnings are errors too: an unknown tag would
// otherwise be printed to stderr and read as an empty value.
export function parseDataText(text: string, name: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: "silent", lineCounter: lines });
  const problem: YAMLError | undefined = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const { line, col } = lines.linePos(problem.pos[0]);
    throw unreadable(`${name} is not valid YAML or JSON: ${describe(problem.code)} at line ${line}, column ${col}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias without its anchor, or too many alias expansions.
    const what = /alias/i.test((e as Error).message) ? "an alias (*name) whose anchor (&name) is not defined before it, or too many aliases" : "a document that cannot be read";
    throw unreadable(`${name} is not valid YAML or JSON: ${what}; quote values that start with * & ! or %`);
  }
}

function describe(code: string): string {
  if (code === "TAG_RESOLVE_FAILED") return "an unknown tag (a value starting with !; quote it)";
  if (code === "DUPLICATE_KEY") return "a key given twice";
  return code.toLowerCase().replace(/_/g, " ");
}

function unreadable(message: string): WebhookError {
  return new WebhookError({ code: "CONFIG_FILE_UNREADABLE", message });
}

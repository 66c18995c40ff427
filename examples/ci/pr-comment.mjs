#!/usr/bin/env node
// Posts (or updates) ONE pull/merge request comment with the offline check of the webhook
// configs (`webhooks validate --json`) and the stack's `pulumi preview --diff`, so a reviewer
// sees both beside the code. Used by github-actions.yml and gitlab-ci.yml; needs Node.js ≥ 20
// (fetch), nothing else. A second run edits the same comment (found by a hidden marker).
//
//   node pr-comment.mjs --validate validate.json --preview preview.txt [--title "…"] [--print]
//
// Where it posts, from the pipeline's environment:
//   GitHub:  GITHUB_TOKEN, GITHUB_REPOSITORY (owner/repo), PR_NUMBER, GITHUB_API_URL (default https://api.github.com)
//   GitLab:  GITLAB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID
// With neither (or --print) it prints the comment to stdout. Exit 1 when the check or the
// preview failed (after posting), so the pipeline fails too; 2 on a usage or API error.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const MARKER = "<!-- pulumi-webhooks: pr-comment -->";
// GitHub's limit is 65,536 characters per comment; GitLab's is larger. Keep room for the rest.
const MAX_PREVIEW_CHARS = 50_000;

const { values } = parseArgs({
  options: { validate: { type: "string" }, preview: { type: "string" }, title: { type: "string" }, print: { type: "boolean" }, "preview-status": { type: "string" } },
});

function fail(message) {
  process.stderr.write(`pr-comment: ${message}\n`);
  process.exit(2);
}

function readOr(file, fallback) {
  if (file === undefined) return fallback;
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

function validationSection(text) {
  if (text === undefined) return { ok: true, md: "" };
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return { ok: false, md: `### Webhook configs\n\n❌ \`webhooks validate --json\` did not print JSON:\n\n\`\`\`\n${text.slice(0, 2000)}\n\`\`\`\n` };
  }
  const files = report.files ?? [];
  const bad = files.filter((f) => !f.valid);
  if (bad.length === 0) return { ok: true, md: `### Webhook configs\n\n✅ ${files.length} config file(s) valid: ${files.map((f) => `\`${f.file}\``).join(", ")}\n` };
  const rows = bad.flatMap((f) => f.errors.map((e) => `| \`${f.file}\` | \`${e.path || "(file)"}\` | \`${e.code}\` | ${String(e.message).replace(/\|/g, "\\|").replace(/\n/g, " ")} |`));
  return { ok: false, md: `### Webhook configs\n\n❌ ${bad.length} of ${files.length} config file(s) invalid\n\n| file | field | code | fix |\n|---|---|---|---|\n${rows.join("\n")}\n` };
}

function previewSection(text, status) {
  if (text === undefined) return { ok: true, md: "" };
  const ok = status === undefined || status === "0";
  const cut = text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS)}\n… (${text.length - MAX_PREVIEW_CHARS} more characters in the pipeline log)` : text;
  // The engine's "Resources:" block: "+ 3 to create", "~ 1 to update", "2 unchanged"…
  const summary = text.split("\n").filter((l) => /^\s+([-+~]|\+-)?\s*\d+ (to create|to update|to replace|to delete|unchanged)/.test(l));
  return {
    ok,
    md: `### pulumi preview --diff ${ok ? "✅" : "❌ failed"}\n\n${summary.length > 0 ? `**Resources:** ${summary.map((l) => l.trim()).join(" · ")}\n\n` : ""}<details><summary>the whole preview</summary>\n\n\`\`\`diff\n${cut.replace(/```/g, "ʼʼʼ")}\n\`\`\`\n</details>\n`,
  };
}

const v = validationSection(readOr(values.validate, undefined));
const p = previewSection(readOr(values.preview, undefined), values["preview-status"]);
const body = `${MARKER}\n## ${values.title ?? "Webhooks as code"}\n\n${v.md}\n${p.md}`;
const exitCode = v.ok && p.ok ? 0 : 1;

async function call(method, url, headers, payload) {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json", ...headers }, ...(payload === undefined ? {} : { body: JSON.stringify(payload) }) });
  if (!res.ok) fail(`${method} ${new URL(url).pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.status === 204 ? undefined : res.json();
}

async function github(env) {
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, "");
  const headers = { Authorization: `Bearer ${env.GITHUB_TOKEN}`, Accept: "application/vnd.github+json" };
  const base = `${api}/repos/${env.GITHUB_REPOSITORY}/issues`;
  const comments = await call("GET", `${base}/${env.PR_NUMBER}/comments?per_page=100`, headers);
  const mine = comments.find((c) => typeof c.body === "string" && c.body.startsWith(MARKER));
  if (mine !== undefined) await call("PATCH", `${base}/comments/${mine.id}`, headers, { body });
  else await call("POST", `${base}/${env.PR_NUMBER}/comments`, headers, { body });
  return mine === undefined ? "posted" : "updated";
}

async function gitlab(env) {
  const base = `${env.CI_API_V4_URL.replace(/\/$/, "")}/projects/${encodeURIComponent(env.CI_PROJECT_ID)}/merge_requests/${env.CI_MERGE_REQUEST_IID}/notes`;
  const headers = { "PRIVATE-TOKEN": env.GITLAB_TOKEN };
  const notes = await call("GET", `${base}?per_page=100`, headers);
  const mine = notes.find((n) => typeof n.body === "string" && n.body.startsWith(MARKER));
  if (mine !== undefined) await call("PUT", `${base}/${mine.id}`, headers, { body });
  else await call("POST", base, headers, { body });
  return mine === undefined ? "posted" : "updated";
}

const env = process.env;
let done;
if (values.print !== true && env.GITHUB_TOKEN && env.GITHUB_REPOSITORY && env.PR_NUMBER) done = await github(env);
else if (values.print !== true && env.GITLAB_TOKEN && env.CI_API_V4_URL && env.CI_PROJECT_ID && env.CI_MERGE_REQUEST_IID) done = await gitlab(env);
if (done === undefined) process.stdout.write(body);
else process.stderr.write(`pr-comment: comment ${done}\n`);
process.exit(exitCode);

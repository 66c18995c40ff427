// The PR pipelines' comment step (examples/ci/pr-comment.mjs, used by github-actions.yml and
// gitlab-ci.yml), fed by the real commands those pipelines run: `webhooks validate --json` of a
// good and a bad config file, and `pulumi preview --diff` of a stack on the real engine (a
// template error, and a valid program). The comment goes to a loopback stand-in for the GitHub
// and GitLab APIs that records each call: one comment, then edited in place. What cannot run
// here: the hosted runners, actions/checkout, pulumi/actions and the real APIs.
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PulumiStack, requireTools } from "../../support/pulumiStack";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";

jest.setTimeout(180_000);

const SCRIPT = join(REPO_ROOT, "examples/ci/pr-comment.mjs");
const BIN = join(REPO_ROOT, "dist/provider/cli/main.js");
const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/e2e/program");
const SECRETS = { apiKey: "pr-api-key-5b7e11c2", signingSecret: "whsec_cHIgc2lnbmluZyBrZXksIDMyIGJ5dGVzIGxvbmchISE=", bearerToken: "pr-bearer-token-3d9a02ff" };
const tmp = tempDir("webhooks-pr-comment-");

interface Call {
  method: string;
  path: string;
  auth: string | undefined;
  body: { body?: string } | undefined;
}

/** GitHub's and GitLab's comment endpoints, as far as the script uses them. */
function fakeApi(): Promise<{ server: Server; url: string; calls: Call[] }> {
  const calls: Call[] = [];
  const comments: Array<{ id: number; body: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => {
      const body = text === "" ? undefined : (JSON.parse(text) as { body?: string });
      const path = req.url ?? "";
      calls.push({ method: req.method ?? "", path, auth: req.headers.authorization ?? (req.headers["private-token"] as string | undefined), body });
      res.setHeader("Content-Type", "application/json");
      if (req.method === "GET") return res.end(JSON.stringify(comments));
      if (req.method === "POST") {
        comments.push({ id: comments.length + 1, body: body?.body ?? "" });
        res.statusCode = 201;
        return res.end(JSON.stringify(comments.at(-1)));
      }
      const id = Number(path.split("/").pop());
      const c = comments.find((x) => x.id === id);
      if (c === undefined) {
        res.statusCode = 404;
        return res.end("{}");
      }
      c.body = body?.body ?? "";
      res.end(JSON.stringify(c));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls })));
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GITLAB_|CI_|PR_NUMBER)/.test(k)));
    const p = execFile(process.execPath, [file, ...args], { env: { ...base, ...env } as NodeJS.ProcessEnv, maxBuffer: 16 * 1024 * 1024 }, (_e, out, err) => resolve({ code: p.exitCode, out, err }));
  });
}

let previewBad = "";
let previewGood = "";
let validateJson = "";

beforeAll(async () => {
  requireTools();
  // The pipeline's first step: `webhooks validate --json` over the repo's config files (one broken).
  const broken = tmp.write("broken.yaml", "kind: request\nname: broken\nurl: http://hooks.example.com/x\nbodyTemplate: '{\"a\": \"{{data.nope}}\"}'\ntriggers: [RequestCreated]\n");
  validateJson = (await run(BIN, ["validate", "--json", join(REPO_ROOT, "examples/configs/audit-webhook.yaml"), broken])).out;
  // The second: `pulumi preview --diff` (offline: preview runs the checks, not the runtime).
  const stack = new PulumiStack(tmp.dir, "pr", PROGRAM);
  await stack.init({ "webhooks:runtimeUrl": "http://127.0.0.1:9", auditUrl: "https://hooks.example.com/audit", requestUrl: "https://hooks.example.com/req", template: '{"id": "{{data.nope}}"}' }, SECRETS);
  const bad = await stack.run("preview", "--diff");
  expect(bad.status).not.toBe(0);
  previewBad = bad.stdout + bad.stderr;
  await stack.ok("config", "set", "template", '{"id": "{{data.id}}"}');
  const good = await stack.run("preview", "--diff");
  expect(good.status).toBe(0);
  previewGood = good.stdout + good.stderr;
});

afterAll(() => tmp.remove());

describe("the PR comment of the pipelines", () => {
  it("posts one GitHub comment with the config errors and the failed preview, then edits it in place; fails the job while either fails", async () => {
    const api = await fakeApi();
    try {
      const validate = tmp.write("validate.json", validateJson);
      const preview = tmp.write("preview.txt", previewBad);
      const env = { GITHUB_TOKEN: "ghs_fake_token_for_the_test", GITHUB_REPOSITORY: "acme/infra", PR_NUMBER: "42", GITHUB_API_URL: api.url };
      const first = await run(SCRIPT, ["--validate", validate, "--preview", preview, "--preview-status", "255"], env);
      expect(first.code).toBe(1);
      expect(first.err).toContain("comment posted");
      const posted = api.calls.find((c) => c.method === "POST");
      expect(posted?.path).toBe("/repos/acme/infra/issues/42/comments");
      expect(posted?.auth).toBe("Bearer ghs_fake_token_for_the_test");
      const body = posted?.body?.body ?? "";
      expect(body).toContain("❌ 1 of 2 config file(s) invalid");
      expect(body).toMatch(/\| `[^`]*broken\.yaml` \| `url` \| `CONFIG_INVALID_URL` \|/);
      expect(body).toContain("`bodyTemplate`");
      expect(body).toContain("pulumi preview --diff ❌ failed");
      expect(body).toContain("data.nope");
      for (const s of Object.values(SECRETS)) expect(body).not.toContain(s);

      writeFileSync(preview, previewGood);
      writeFileSync(validate, (await run(BIN, ["validate", "--json", join(REPO_ROOT, "examples/configs/audit-webhook.yaml")])).out);
      const second = await run(SCRIPT, ["--validate", validate, "--preview", preview, "--preview-status", "0"], env);
      expect(second.code).toBe(0);
      expect(second.err).toContain("comment updated");
      expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(1);
      const edited = api.calls.find((c) => c.method === "PATCH");
      expect(edited?.path).toBe("/repos/acme/infra/issues/comments/1");
      expect(edited?.body?.body).toContain("✅ 1 config file(s) valid");
      // The stack and its two webhooks, on the summary line above the folded preview.
      expect(edited?.body?.body).toMatch(/✅\n\n\*\*Resources:\*\* \+ 3 to create\n/);
      expect(edited?.body?.body).toContain("[secret]");
      for (const s of Object.values(SECRETS)) expect(edited?.body?.body).not.toContain(s);
    } finally {
      api.server.close();
    }
  });

  it("posts to a GitLab merge request as a note with the project token, and edits the same note next time", async () => {
    const api = await fakeApi();
    try {
      const validate = tmp.write("validate-gl.json", validateJson);
      const preview = tmp.write("preview-gl.txt", previewGood);
      const env = { GITLAB_TOKEN: "glpat-fake-for-the-test", CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: "acme/infra", CI_MERGE_REQUEST_IID: "7" };
      expect((await run(SCRIPT, ["--validate", validate, "--preview", preview], env)).code).toBe(1);
      expect((await run(SCRIPT, ["--validate", validate, "--preview", preview], env)).code).toBe(1);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        "GET /api/v4/projects/acme%2Finfra/merge_requests/7/notes?per_page=100",
        "POST /api/v4/projects/acme%2Finfra/merge_requests/7/notes",
        "GET /api/v4/projects/acme%2Finfra/merge_requests/7/notes?per_page=100",
        "PUT /api/v4/projects/acme%2Finfra/merge_requests/7/notes/1",
      ]);
      expect(api.calls[1].auth).toBe("glpat-fake-for-the-test");
    } finally {
      api.server.close();
    }
  });

  it("prints the comment when no API is configured", async () => {
    const r = await run(SCRIPT, ["--preview", tmp.write("p.txt", previewGood), "--preview-status", "0"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("## Webhooks as code");
    expect(r.out).toContain("pulumi preview --diff ✅");
  });
});

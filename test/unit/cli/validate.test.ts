import { join } from "node:path";
import { runCli } from "../../support/cliRunner";
import { tempDir } from "../../support/tempFiles";

const examples = join(__dirname, "../../../examples/configs");
const seeds = [join(examples, "audit-webhook.yaml"), join(examples, "coralogix-request.yaml")];
const tmp = tempDir();
afterAll(() => tmp.remove());

const badRequest = `
kind: request
name: Bad one
method: post
url: http://hooks.example.com:8443/in
triggers: [RequestCreated, Created]
bodyTemplate: '{"who": "{{data.requestor.email}}"}'
`;

describe("webhooks validate", () => {
  it("accepts the seed configurations and exits 0", async () => {
    const r = await runCli("validate", ...seeds);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${seeds[0]}: ok (audit webhook "Audit log to SIEM")\n` +
        `${seeds[1]}: ok (request webhook "Coralogix access requests")\n`,
    );
  });

  it("prints every failure as <file>: <path>: <reason> (<CODE>) and exits 1", async () => {
    const file = tmp.write("bad.yaml", badRequest);
    const r = await runCli("validate", file);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    const byPath = (p: string) => lines.find((l) => l.startsWith(`${file}: ${p}: `));
    expect(byPath("method")).toMatch(/\(CONFIG_INVALID_METHOD\)$/);
    expect(byPath("url")).toMatch(/\(CONFIG_INVALID_URL\)$/);
    expect(byPath("triggers[1]")).toMatch(/RequestCreated.*\(CONFIG_INVALID_TRIGGER\)$/);
    expect(byPath("bodyTemplate")).toMatch(/data\.requester\.email.*\(TEMPLATE_UNKNOWN_FIELD\)$/);
    expect(r.stderr).toBe("1 of 1 file(s) invalid\n");
  });

  it("exits 1 when any one of several files is invalid, and still reports the valid ones", async () => {
    const file = tmp.write("bad2.yaml", badRequest);
    const r = await runCli("validate", seeds[0], file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${seeds[0]}: ok`);
    expect(r.stdout).toContain(`${file}: url: `);
  });

  it("--json prints a machine-readable result with code, path and message", async () => {
    const file = tmp.write("bad3.yaml", badRequest);
    const r = await runCli("validate", "--json", seeds[1], file);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      files: Array<{ file: string; valid: boolean; errors: Array<{ code: string; path: string; message: string }> }>;
    };
    expect(out.valid).toBe(false);
    expect(out.files[0]).toEqual({ file: seeds[1], valid: true, kind: "request", name: "Coralogix access requests", errors: [] });
    expect(out.files[1].valid).toBe(false);
    expect(out.files[1].errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "CONFIG_INVALID_URL", path: "url" })]),
    );
  });

  it("reports a file that does not parse or does not exist, without crashing", async () => {
    const broken = tmp.write("broken.yaml", "kind: request\nname: [unclosed\n");
    const missing = join(tmp.dir, "nope.yaml");
    const r = await runCli("validate", broken, missing);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${broken}: ${broken} is not valid YAML or JSON`);
    expect(r.stdout).toContain(`${missing}: no such file: ${missing} (CONFIG_FILE_UNREADABLE)`);
  });

  it("accepts JSON files as well as YAML", async () => {
    const file = tmp.write(
      "hook.json",
      JSON.stringify({ kind: "audit", name: "Json hook", url: "https://a.example.com/x", bodyTemplate: '{"t": "{{event_type}}"}' }),
    );
    const r = await runCli("validate", file);
    expect(r.stdout).toBe(`${file}: ok (audit webhook "Json hook")\n`);
    expect(r.code).toBe(0);
  });

  it("never prints a secret value from a config, even when the config is wrong", async () => {
    const file = tmp.write(
      "secrets.yaml",
      `kind: request
name: Leaky
url: https://hooks.example.com/in?token=QUERYSECRET123
triggers: [RequestCreated]
headers:
  "Bad Header": HEADERSECRET123
  Authorization: AUTHSECRET123
authentication: { type: bearer, token: "BEARER\\nSECRET123" }
signingSecret: SIGNINGSECRET123
bodyTemplate: '{"x": 1}'
`,
    );
    const r = await runCli("validate", "--json", file);
    expect(r.code).toBe(1);
    for (const secret of ["QUERYSECRET123", "HEADERSECRET123", "AUTHSECRET123", "SECRET123", "SIGNINGSECRET123"]) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  });

  it("needs at least one file (exit 2 with the help)", async () => {
    const r = await runCli("validate");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("validate needs at least one file");
    expect(r.stderr).toContain("Usage: webhooks validate");
  });
});

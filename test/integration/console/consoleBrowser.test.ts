// The operator console in a real browser: headless Debian chromium driven by
// playwright-core, against a real runtime delivering to a loopback HTTPS
// receiver. Screenshots go to docs/console/ (shown in docs/console.md).
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { SECRETS } from "../runtime/apiHelpers";
import { ADMIN, READ, startConsoleWorld, until, type ConsoleWorld } from "./consoleWorld";

jest.setTimeout(120_000);

const SHOTS = join(REPO_ROOT, "docs/console");
const LAPTOP = { width: 1366, height: 860 };
const NARROW = { width: 390, height: 844 };

let world: ConsoleWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startConsoleWorld();
  // Some traffic first, so the table's 24 h columns have something to show.
  await world.ingest("RequestCreated", 20);
  await until("the first deliveries finished", async () => {
    const r = await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.active}&status=delivered`);
    return r.body.deliveries.length === 20 ? true : undefined;
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  context = await browser.newContext({ viewport: LAPTOP });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
const console = () => `${world.runtime.url}/console`;

/** Every secret value: none may reach the page's markup. */
async function expectNoSecrets(): Promise<void> {
  const html = await page.content();
  for (const s of Object.values(SECRETS)) expect(html).not.toContain(s);
  expect(html).not.toContain(ADMIN);
}

describe("sign-in", () => {
  it("labels its controls, is reachable by keyboard, and refuses a wrong token", async () => {
    await page.goto(console());
    await page.locator("#signin").waitFor();
    expect(await page.getByLabel("Admin token").count()).toBe(1);
    // From the skip link at the top of the page, Tab reaches the token field and then the button.
    await page.locator(".skip").focus();
    const focused: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("Tab");
      focused.push(await page.evaluate<string>("document.activeElement.id"));
    }
    expect(focused).toEqual(["token", "signin-button"]);
    await page.getByLabel("Admin token").fill("not-the-admin-token");
    await page.keyboard.press("Enter");
    await expectText("#signin-error", /Sign-in refused\. API_UNAUTHORIZED/);
    expect(await context.cookies()).toEqual([]);
    await shot("signin");
  });

  it("signs in with the admin token by keyboard: an HttpOnly SameSite=Strict cookie the page cannot read, nothing stored", async () => {
    await page.getByLabel("Admin token").focus();
    await page.keyboard.type(ADMIN);
    await page.keyboard.press("Enter");
    await page.locator("#webhooks-table").waitFor();
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: "webhooks_console", httpOnly: true, sameSite: "Strict", path: "/" });
    expect(await page.evaluate("document.cookie")).toBe("");
    expect(await page.evaluate("localStorage.length + sessionStorage.length")).toBe(0);
    expect(page.url()).not.toContain(ADMIN);
  });
});

async function expectText(selector: string, pattern: RegExp): Promise<void> {
  await page.locator(selector).filter({ hasText: pattern }).first().waitFor({ timeout: 20_000 });
}

describe("webhooks table", () => {
  it("shows a green dot for an active webhook and a white one for an inactive one, with masked URLs and the manager", async () => {
    const active = page.locator('tr[data-webhook="orders-active"]');
    const inactive = page.locator('tr[data-webhook="paused-inactive"]');
    const color = (row: typeof active) => row.locator(".dot").evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(await color(active)).toBe("rgb(26, 127, 55)");
    expect(await color(inactive)).toBe("rgb(255, 255, 255)");
    expect(await active.locator(".dot").getAttribute("aria-label")).toBe("active");
    expect(await inactive.locator(".dot").getAttribute("aria-label")).toBe("inactive");
    expect(await active.textContent()).toContain("https://hooks.test/ok?key=****");
    expect(await active.textContent()).toContain("shop/prod · orders");
    expect(await inactive.textContent()).toContain("by hand");
    await expectNoSecrets();
    // Search by name narrows the table.
    await page.getByLabel("Name").fill("paused");
    expect(await page.locator("#webhooks-table tbody tr").count()).toBe(1);
    await page.getByLabel("Name").fill("");
    await shot("webhooks");
  });
});

describe("webhook page", () => {
  it("runs Test and shows 'Test successful' with the invocation data, secrets masked", async () => {
    await page.locator('tr[data-webhook="orders-active"] a').first().click();
    await page.locator("#test-button").waitFor();
    expect(await page.locator(".notice").textContent()).toContain("The console changes no webhook config");
    expect(await page.locator(".notice a").getAttribute("href")).toMatch(/docs\/reference\.md$/);
    await page.locator("#test-button").click();
    await expectText("#test-result .outcome", /^Test successful$/);
    const panel = page.locator("#test-result .invocation");
    expect(await panel.locator(".request-line").textContent()).toBe("POST https://hooks.test/ok?key=****");
    expect(await panel.locator(".http-status").textContent()).toBe("200");
    expect(await panel.textContent()).toMatch(/X-Api-Key\*\*\*\*/);
    await expectNoSecrets();
    await shot("webhook-test");
  });

  it("sends a Manual trigger prefilled with the mock, and opens the delivery's invocation data", async () => {
    const prefilled = JSON.parse(await page.locator("#manual-event").inputValue()) as { event_type: string };
    expect(prefilled.event_type).toBe("Manual");
    const before = world.rx.requests.length;
    await page.locator("#manual-send").click();
    await page.locator("#manual-delivery").waitFor();
    const deliveryId = (await page.locator("#manual-delivery").textContent()) ?? "";
    await until("the manual delivery", async () => (world.rx.requests.slice(before).some((r) => r.headers["webhook-id"] === deliveryId) ? true : undefined));
    await page.locator("#manual-delivery").click();
    await until("the delivered page", async () => {
      await page.reload();
      await page.locator("#delivery-status").waitFor();
      return (await page.locator("#delivery-status").textContent()) === "delivered" ? true : undefined;
    });
    const attempt = page.locator(".invocation").first();
    expect(await attempt.locator(".request-line").textContent()).toBe("POST https://hooks.test/ok?key=****");
    expect(await attempt.textContent()).toContain('"type": "Manual"');
    await expectNoSecrets();
    await shot("delivery");
  });

  it("shows the payload schema, renders the template preview, and lists the version history", async () => {
    await page.goto(`${console()}#/webhooks/${world.ids.active}`);
    await page.locator("#payload-schema summary").click();
    await expectText("#payload-schema pre", /data\.requester\.email/);
    await page.getByLabel("Mock event").selectOption("RequestCreated");
    await page.getByRole("button", { name: "Render" }).click();
    await expectText("#preview-out pre", /"type": "RequestCreated"/);
    expect(await page.locator("details.version").count()).toBe(1);
  });
});

describe("dead letters", () => {
  it("retries a dead delivery from the list, and it is delivered", async () => {
    await world.ingest("RequestCreated", 1);
    const dead = await until("a dead delivery", async () => {
      const r = await world.api.call<{ deliveries: Array<{ id: string }> }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=dead`);
      return r.body.deliveries[0]?.id;
    });
    world.setFailing(false);
    await page.goto(`${console()}#/dead`);
    const row = page.locator(`tr[data-delivery="${dead}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("HTTP_STATUS hooks.test answered 500");
    await shot("dead-letters");
    await row.getByRole("button", { name: `Retry delivery ${dead}` }).click();
    // Requeued, it leaves the dead letters: the live list drops the row.
    await row.waitFor({ state: "detached", timeout: 20_000 });
    await until("the retried delivery delivered", async () => {
      const r = await world.api.call<{ delivery: { status: string } }>("GET", `/v1/deliveries/${dead}`);
      return r.body.delivery.status === "delivered" ? true : undefined;
    });
    world.setFailing(true);
  });

  it("retries all of a webhook's dead letters from its page, with a running count", async () => {
    const dead = async () => (await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=dead&limit=1000`)).body.deliveries.length;
    await world.ingest("RequestCreated", 3);
    const queued = async (status: string) => (await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=${status}`)).body.deliveries.length;
    await until("the new deliveries dead", async () => ((await dead()) >= 3 && (await queued("pending")) + (await queued("retrying")) === 0 ? true : undefined));
    const before = await dead();
    world.setFailing(false);
    await page.goto(`${console()}#/webhooks/${world.ids.failing}`);
    await page.locator("#retry-dead").click();
    await expectText("#h-dead ~ p[role=status]", new RegExp(`^Requeued ${before} dead deliveries\\.$`));
    expect(await dead()).toBe(0);
    world.setFailing(true);
  });
});

describe("deliveries", () => {
  it("pages through 5,000 deliveries by cursor, each once", async () => {
    await world.ingest("RequestExpired", 5000);
    await page.goto(`${console()}#/deliveries?webhookId=${world.ids.bulk}&limit=500`);
    const info = page.locator("p[data-page]");
    await info.waitFor();
    const seen = new Set<string>();
    for (let n = 1; ; n++) {
      await page.locator(`p[data-page="${n}"]`).waitFor();
      for (const id of await page.locator("tr[data-delivery]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-delivery") ?? ""))) seen.add(id);
      if (n === 1) await shot("deliveries");
      const older = page.getByRole("button", { name: "Older →" });
      if (await older.isDisabled()) break;
      await older.click();
    }
    expect(seen.size).toBe(5000);
    expect(await info.textContent()).toMatch(/^Page 10: 500 deliveries \(the last page\)$/);
  });

  it("shows new attempts on the newest page without a reload (live)", async () => {
    await page.goto(`${console()}#/deliveries?webhookId=${world.ids.active}`);
    await page.locator("tr[data-delivery]").first().waitFor();
    const r = await world.api.call<{ deliveryId: string }>("POST", `/v1/webhooks/${world.ids.active}/invoke`, { body: mockRequestEvent("Manual") });
    await page.locator(`tr[data-delivery="${r.body.deliveryId}"]`).waitFor({ timeout: 20_000 });
  });
});

describe("overview", () => {
  it("charts queue depth, deliveries/s, failure rate and p99 latency from the runtime's metrics", async () => {
    await page.goto(`${console()}#/overview`);
    const value = (title: string) => page.locator("figure.chart").filter({ hasText: title }).locator(".metric-value");
    await value("Queue depth").filter({ hasText: /^\d+ deliveries$/ }).waitFor();
    // Traffic while the page watches: 1,000 deliveries to the bulk sink and 50 to the failing receiver.
    await world.ingest("RequestExpired", 1000);
    await world.ingest("RequestCreated", 50);
    const positive = (title: string) =>
      until(`${title} above 0`, async () => (parseFloat((await value(title).textContent()) ?? "") > 0 ? true : undefined));
    // Rates need two reads of /metrics (2 s apart).
    await positive("Deliveries per second");
    await positive("Failure rate");
    await positive("p99 attempt latency");
    expect(await page.locator("figure.chart svg[role=img]").count()).toBe(4);
    await shot("overview");
  });
});

describe("narrow screen", () => {
  it("lays the table and the webhook page out for a phone", async () => {
    await page.setViewportSize(NARROW);
    await page.goto(`${console()}#/webhooks`);
    await page.locator("#webhooks-table").waitFor();
    await shot("webhooks-narrow");
    await page.goto(`${console()}#/webhooks/${world.ids.active}`);
    await page.locator("#test-button").waitFor();
    // The page itself does not scroll sideways: wide tables scroll inside their own box.
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
    await shot("webhook-narrow");
    await page.setViewportSize(LAPTOP);
  });
});

describe("cross-site requests", () => {
  // Pages of another origin that try to act with the signed-in operator's session: a form post and credentialed
  // fetches to endpoints that read no body (a retry, a Test), which a JSON content-type rule alone would not stop.
  const servers: Server[] = [];
  let dead: { id: string; attempts: number; updatedAt: string };

  function attackerPage(): string {
    const target = world.runtime.url;
    const retry = `${target}/v1/deliveries/${dead.id}/retry`;
    const test = `${target}/v1/webhooks/${world.ids.active}/test`;
    return `<!doctype html><html><body>
      <form id="f" method="POST" action="${retry}"><input name="x" value="1"></form>
      <script>
        window.results = {};
        fetch("${target}/v1/webhooks", { credentials: "include" }).then((r) => r.text()).then((t) => (results.read = t), (e) => (results.read = "blocked: " + e.message));
        Promise.all([
          fetch("${retry}", { method: "POST", credentials: "include", mode: "no-cors" }),
          fetch("${test}", { method: "POST", credentials: "include", mode: "no-cors" }),
        ]).then(() => (results.write = "sent"), (e) => (results.write = "blocked: " + e.message));
      </script></body></html>`;
  }

  async function serve(host: string): Promise<string> {
    const server = createServer((_req, res) => void res.writeHead(200, { "Content-Type": "text/html" }).end(attackerPage()));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return `http://${host}:${(server.address() as AddressInfo).port}/`;
  }

  beforeAll(async () => {
    await world.ingest("RequestCreated", 1);
    const found = await until("a dead delivery", async () => {
      const r = await world.api.call<{ deliveries: Array<{ id: string; attempts: number; updatedAt: string }> }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=dead&limit=1`);
      return r.body.deliveries[0];
    });
    dead = { id: found.id, attempts: found.attempts, updatedAt: found.updatedAt };
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

  /** Opens the page, lets its fetches finish, submits its form; returns what the fetches saw and the form's answer. */
  async function attack(url: string): Promise<{ results: Record<string, string>; answer: string }> {
    const attacker = await context.newPage();
    await attacker.goto(url);
    await attacker.waitForFunction("window.results.read !== undefined && window.results.write !== undefined");
    const results = await attacker.evaluate<Record<string, string>>("window.results");
    await Promise.all([attacker.waitForNavigation(), attacker.evaluate("document.getElementById('f').submit()")]);
    const answer = (await attacker.textContent("body")) ?? "";
    await attacker.close();
    return { results, answer };
  }

  async function expectNothingDone(testsBefore: number): Promise<void> {
    const d = await world.api.call<{ delivery: { status: string; attempts: number; updatedAt: string } }>("GET", `/v1/deliveries/${dead.id}`);
    expect(d.body.delivery).toMatchObject({ status: "dead", attempts: dead.attempts, updatedAt: dead.updatedAt });
    expect(world.rx.requests.filter((r) => (r.headers["webhook-id"] ?? "").startsWith("test_")).length).toBe(testsBefore);
  }

  const tests = () => world.rx.requests.filter((r) => (r.headers["webhook-id"] ?? "").startsWith("test_")).length;

  it("a page on another site (127.0.0.2) can neither read the admin API nor retry or Test with the session", async () => {
    const before = tests();
    const { results, answer } = await attack(await serve("127.0.0.2"));
    expect(results.read).toMatch(/^blocked: /);
    // The form post navigates to the runtime's answer: the SameSite=Strict cookie was not sent.
    expect(answer).toContain("API_UNAUTHORIZED");
    await expectNothingDone(before);
  });

  it("a page on the same site but another origin (another port of 127.0.0.1) gets the cookie sent, and is refused by the CSRF and Origin checks", async () => {
    const before = tests();
    const { results, answer } = await attack(await serve("127.0.0.1"));
    expect(results.read).toMatch(/^blocked: /);
    expect(answer).toContain("API_FORBIDDEN");
    await expectNothingDone(before);
    // The console itself still works with the same session.
    await page.goto(`${console()}#/webhooks`);
    await page.locator("#webhooks-table").waitFor();
  });
});

describe("read-only session", () => {
  it("signs in with the read token: everything shows, nothing can be run", async () => {
    const reader = await browser.newContext({ viewport: LAPTOP });
    const p = await reader.newPage();
    await p.goto(`${console()}#/webhooks/${world.ids.active}`);
    await p.getByLabel("Admin token").fill(READ);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.locator("#config").waitFor();
    expect(await p.locator("#role").textContent()).toBe("read-only");
    expect(await p.locator("#test-button").count()).toBe(0);
    expect(await p.locator("#manual-send").count()).toBe(0);
    expect(await p.locator(".read-only").count()).toBe(3);
    await reader.close();
  });
});

describe("sign-out", () => {
  it("ends the session: the console asks to sign in again and the API refuses the old cookie", async () => {
    const [cookie] = await context.cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("#signin").waitFor();
    const r = await fetch(`${world.runtime.url}/v1/webhooks`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
    expect(r.status).toBe(401);
  });
});

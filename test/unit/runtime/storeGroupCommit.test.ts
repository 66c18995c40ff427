// Group commit: concurrent writes share one transaction, each in its own
// savepoint, and every caller is answered only after the shared commit.
import Database from "better-sqlite3";
import { GroupCommit } from "../../../provider/runtime/store/groupCommit";

let db: Database.Database;
let group: GroupCommit;
let commits: number;

beforeEach(() => {
  db = new Database(":memory:");
  db.exec("CREATE TABLE t (v TEXT NOT NULL UNIQUE)");
  commits = 0;
  group = new GroupCommit({
    transaction: (body) => {
      db.transaction(body).immediate();
      commits += 1;
    },
    savepoint: (fn) => db.transaction(fn)(),
    maxWeight: 50,
    wrapError: (e) => new Error(`wrapped: ${(e as Error).message}`),
  });
});
afterEach(() => db.close());

const insert = (v: string) => () => db.prepare("INSERT INTO t (v) VALUES (?)").run(v).changes;
const rows = () => db.prepare<[], { v: string }>("SELECT v FROM t ORDER BY v").all().map((r) => r.v);

it("calls made in the same turn commit in one transaction, each resolved with its own result", async () => {
  const results = await Promise.all(["a", "b", "c"].map((v) => group.submit(insert(v))));
  expect(results).toEqual([1, 1, 1]);
  expect(commits).toBe(1);
  expect(group.transactions).toBe(1);
  expect(rows()).toEqual(["a", "b", "c"]);
});

it("nothing is visible to the caller before the commit", async () => {
  const pending = group.submit(insert("x"));
  expect(rows()).toEqual([]);
  await pending;
  expect(rows()).toEqual(["x"]);
});

it("a job that fails rolls back its own writes only", async () => {
  const failing = group.submit(() => {
    insert("half")();
    throw new Error("job failed");
  });
  const ok = group.submit(insert("kept"));
  await expect(failing).rejects.toThrow("job failed");
  await expect(ok).resolves.toBe(1);
  expect(rows()).toEqual(["kept"]);
  expect(commits).toBe(1);
});

it("when the shared commit fails, every caller gets the wrapped error", async () => {
  group = new GroupCommit({
    transaction: () => {
      throw new Error("disk I/O error");
    },
    savepoint: (fn) => fn(),
    wrapError: (e) => new Error(`wrapped: ${(e as Error).message}`),
  });
  const all = await Promise.allSettled([group.submit(() => 1), group.submit(() => 2)]);
  expect(all.map((r) => (r.status === "rejected" ? (r.reason as Error).message : r.status))).toEqual([
    "wrapped: disk I/O error",
    "wrapped: disk I/O error",
  ]);
  expect(group.transactions).toBe(0);
});

it("a batch as heavy as maxWeight commits at once, without waiting for the next turn", () => {
  void group.submit(insert("heavy"), 50);
  expect(rows()).toEqual(["heavy"]);
});

it("close() commits what is queued, then refuses new work", async () => {
  const queued = group.submit(insert("last"));
  group.close(new Error("closed"));
  await expect(queued).resolves.toBe(1);
  await expect(group.submit(insert("late"))).rejects.toThrow("closed");
  expect(rows()).toEqual(["last"]);
});

describe("delayMs", () => {
  const delayed = () =>
    new GroupCommit({ transaction: (body) => db.transaction(body).immediate(), savepoint: (fn) => db.transaction(fn)(), delayMs: 5 });

  it("calls made in separate loop turns within the delay share one transaction", async () => {
    const g = delayed();
    const first = g.submit(insert("a"));
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Not committed after a turn: the delay is still running.
    expect(rows()).toEqual([]);
    const second = g.submit(insert("b"));
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(g.transactions).toBe(1);
    expect(rows()).toEqual(["a", "b"]);
  });

  it("close() commits what waits for the delay at once", async () => {
    const g = delayed();
    const pending = g.submit(insert("c"));
    g.close(new Error("closed"));
    expect(rows()).toEqual(["c"]);
    await expect(pending).resolves.toBe(1);
    await expect(g.submit(insert("d"))).rejects.toThrow("closed");
  });
});

// StatementBatch: results handed over while a statement is in flight go together in the next one;
// each caller gets its own result; a failed statement fails its own callers only; close sends what is queued.
import { StatementBatch } from "../../../provider/runtime/store/statementBatch";

function controlled() {
  const sent: number[][] = [];
  const pending: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  const batch = new StatementBatch<number, number>(
    (items) =>
      new Promise<number[]>((resolve, reject) => {
        sent.push(items);
        pending.push({ resolve: () => resolve(items.map((i) => i * 10)), reject });
      }),
    3,
  );
  return { batch, sent, pending };
}

const turn = () => new Promise((r) => setImmediate(r));

test("items of one loop turn share a statement; those queued meanwhile go together next, at most maxItems each", async () => {
  const { batch, sent, pending } = controlled();
  const first = [batch.submit(1), batch.submit(2)];
  await turn();
  expect(sent).toEqual([[1, 2]]);
  const later = [3, 4, 5, 6].map((i) => batch.submit(i));
  await turn();
  expect(sent).toHaveLength(1); // one statement in flight at a time
  pending[0].resolve();
  expect(await Promise.all(first)).toEqual([10, 20]);
  await turn();
  expect(sent).toEqual([[1, 2], [3, 4, 5]]);
  pending[1].resolve();
  await turn();
  expect(sent[2]).toEqual([6]);
  pending[2].resolve();
  expect(await Promise.all(later)).toEqual([30, 40, 50, 60]);
  expect(batch.statements).toBe(3);
});

test("a failed statement rejects its own items; the next statement still runs", async () => {
  const { batch, sent, pending } = controlled();
  const failing = batch.submit(1);
  await turn();
  const next = batch.submit(2);
  pending[0].reject(new Error("connection lost"));
  await expect(failing).rejects.toThrow("connection lost");
  await turn();
  expect(sent).toEqual([[1], [2]]);
  pending[1].resolve();
  expect(await next).toBe(20);
});

test("close sends what is queued and waits for it, then refuses new items", async () => {
  const { batch, sent, pending } = controlled();
  const queued = [batch.submit(1), batch.submit(2)];
  const closed = batch.close(new Error("store closed"));
  await turn();
  expect(sent).toEqual([[1, 2]]);
  pending[0].resolve();
  await closed;
  expect(await Promise.all(queued)).toEqual([10, 20]);
  await expect(batch.submit(3)).rejects.toThrow("store closed");
});

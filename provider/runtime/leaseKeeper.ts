// Keeps a claimed delivery's lease while its attempt runs: renews it every third
// of the lease (fenced by the claim's token), and aborts the attempt before the
// lease it still holds runs out — when renewals fail (the store is unreachable)
// or the store says another claim took the delivery over. So an attempt may take
// longer than the lease (OAuth token + send + a refresh and resend after a 401)
// without being claimed and sent again, and one that cannot keep its lease stops
// before another node could start it.
import { WebhookError } from "../errors";
import type { EngineObserver } from "./engine";
import type { ClaimedDelivery, Store } from "./store/store";

export interface LeaseKeeperOptions {
  store: Store;
  leaseMs: number;
  now: () => number;
  observer: EngineObserver;
}

/** The attempt stops this long before its held lease ends: room for clock skew between nodes and the completion. */
export const leaseMarginMs = (leaseMs: number): number => Math.floor(leaseMs / 6);

export class LeaseKeeper {
  private readonly controller = new AbortController();
  private heldUntil: number;
  private renewing = false;
  private stopped = false;
  private readonly renewTimer: NodeJS.Timeout;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delivery: ClaimedDelivery,
    private readonly options: LeaseKeeperOptions,
  ) {
    this.heldUntil = delivery.leaseUntil;
    this.renewTimer = setInterval(() => void this.renew(), Math.max(1, Math.floor(options.leaseMs / 3)));
    // An attempt in flight keeps the process busy through its socket; these timers alone should not.
    this.renewTimer.unref();
    this.armExpiry();
  }

  /** Aborted when the attempt must stop; its reason is a DELIVERY_LEASE_LOST WebhookError. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.renewTimer);
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
  }

  private armExpiry(): void {
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    const at = this.heldUntil - leaseMarginMs(this.options.leaseMs);
    this.expiryTimer = setTimeout(() => this.lose("its lease could not be renewed in time (is the store reachable?)"), Math.max(0, at - this.options.now()));
    this.expiryTimer.unref();
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.stopped) return;
    this.renewing = true;
    const until = this.options.now() + this.options.leaseMs;
    try {
      const held = await this.options.store.renewLease(this.delivery.id, this.delivery.leaseToken, until);
      if (this.stopped) return;
      if (!held) {
        this.lose("another claim took the delivery over");
        return;
      }
      this.heldUntil = until;
      this.armExpiry();
    } catch (error) {
      // The next renewal tries again; the expiry timer stops the attempt if none succeeds in time.
      this.options.observer.log("warn", "renewing a delivery's lease failed; trying again", {
        deliveryId: this.delivery.id,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.renewing = false;
    }
  }

  private lose(why: string): void {
    if (this.stopped || this.controller.signal.aborted) return;
    this.stop();
    this.controller.abort(
      new WebhookError({
        code: "DELIVERY_LEASE_LOST",
        retryable: true,
        message: `the attempt was stopped because ${why}; it is retried (the target may have received it: same webhook-id)`,
      }),
    );
  }
}

import { connectionBudget, FD_RESERVE } from "../../../provider/runtime/api/connectionBudget";

describe("connectionBudget", () => {
  it("keeps delivery.concurrency + FD_RESERVE descriptors for outbound work, the store and files", () => {
    expect(connectionBudget({ deliveryConcurrency: 64, limit: 65_536 })).toBe(65_536 - 64 - FD_RESERVE);
    expect(connectionBudget({ deliveryConcurrency: 64, limit: 1024 })).toBe(1024 - 64 - FD_RESERVE);
  });

  it("leaves at least 16 connections under a limit too small for the reserve", () => {
    expect(connectionBudget({ deliveryConcurrency: 64, limit: 256 })).toBe(128);
    expect(connectionBudget({ deliveryConcurrency: 64, limit: 100 })).toBe(16);
  });

  it("takes server.maxConnections when it is below that ceiling, and caps it otherwise", () => {
    expect(connectionBudget({ configured: 100, deliveryConcurrency: 64, limit: 1024 })).toBe(100);
    expect(connectionBudget({ configured: 100_000, deliveryConcurrency: 64, limit: 1024 })).toBe(1024 - 64 - FD_RESERVE);
    expect(connectionBudget({ configured: 500, deliveryConcurrency: 64 })).toBe(500);
  });
});

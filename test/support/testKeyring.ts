// A keyring for tests that open a store directly (the runtime loads its own from
// the config or the data dir): one random key per test process.
import { randomBytes } from "node:crypto";
import { Keyring } from "../../provider/runtime/secrets/keyring";

export const TEST_KEYRING = new Keyring([randomBytes(32)]);

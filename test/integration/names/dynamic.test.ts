// Replace, duplicate names and moving runtimes with the dynamic provider (names.suite.ts).
import { namesSuite } from "./names.suite";

jest.setTimeout(180_000);

describe("dynamic provider", () => namesSuite("dynamic"));

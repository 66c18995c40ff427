// Replace, duplicate names and moving runtimes with the native provider (names.suite.ts).
import { namesSuite } from "./names.suite";

jest.setTimeout(180_000);

describe("native provider", () => namesSuite("native"));

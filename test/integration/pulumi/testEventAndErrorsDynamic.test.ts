// Issue 15 items 6 and 7 on the real engine with the dynamic provider (testEventAndErrors.suite.ts).
import { describeTestEventAndErrors } from "./testEventAndErrors.suite";

jest.setTimeout(180_000);

describe("dynamic provider: the Test invocation's event and clean errors", () => describeTestEventAndErrors("dynamic"));

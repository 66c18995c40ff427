// A Go Automation API inline program (test/fixtures/pulumi/native-go) on the generated Go SDK
// (sdk/go/webhooks) and the native plugin — no Go language host. The story is inlineProgram.suite.ts.
import { goProgram } from "../../support/goProgram";
import { describeInlineProgram } from "./inlineProgram.suite";

jest.setTimeout(600_000); // a cold compile of the program is minutes on 2 cores; warm, the binary is reused

describeInlineProgram("go", async () => [await goProgram()]);

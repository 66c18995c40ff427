// A Python Automation API inline program (test/fixtures/pulumi/native-python/auto.py) on the
// generated Python SDK (pulumi_webhooks, in a venv with PyPI pulumi) and the native plugin —
// no Python language host. The story is inlineProgram.suite.ts.
import { join } from "node:path";
import { pythonVenv } from "../../support/pythonVenv";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { describeInlineProgram } from "./inlineProgram.suite";

jest.setTimeout(240_000);

describeInlineProgram("python", async () => [await pythonVenv(), join(REPO_ROOT, "test/fixtures/pulumi/native-python/auto.py")]);

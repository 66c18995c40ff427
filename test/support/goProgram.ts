// The Go Automation API program (test/fixtures/pulumi/native-go) compiled once into
// .tools/bin/native-go-e2e and reused while its stamp (the program, its go.mod/go.sum and
// the generated sdk/go/webhooks) matches: a cold build is minutes on 2 cores, a warm one none.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./runtimeProcess";
import { treeStamp } from "./spawnCollect";

const run = promisify(execFile);
const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/native-go");
const BIN = join(REPO_ROOT, ".tools/bin/native-go-e2e");

let built: Promise<string> | undefined;

/** The compiled program's path, building it when the stamp does not match. */
export function goProgram(): Promise<string> {
  built ??= (async () => {
    const want = treeStamp([PROGRAM, join(REPO_ROOT, "sdk/go/webhooks")]);
    const stamp = `${BIN}.stamp`;
    if (existsSync(BIN) && existsSync(stamp) && readFileSync(stamp, "utf8") === want) return BIN;
    mkdirSync(join(REPO_ROOT, ".tools/bin"), { recursive: true });
    // The same rules as tools/pulumi-cli/build.sh: go.sum is the pin, no toolchain download, no sum DB for pulumi.
    await run("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-o", BIN, "."], {
      cwd: PROGRAM,
      env: { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-mod=readonly -buildvcs=false", GONOSUMDB: "github.com/pulumi" },
      maxBuffer: 16 * 1024 * 1024,
    });
    writeFileSync(stamp, want);
    return BIN;
  })();
  return built;
}

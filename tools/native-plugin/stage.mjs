// Lays out the plugin directory: the launcher, dist/provider, schema.json,
// package.json and the production dependency closure as real files (the
// engine refuses a tarball whose symlinks point outside it). @pulumi/pulumi
// contributes only its gRPC stubs (proto/) and their two dependencies.
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

const [root, stage] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

const copy = (from, to, filter = () => true) =>
  fs.cpSync(from, to, { recursive: true, dereference: true, filter: (src) => filter(path.relative(from, src)) });
copy(path.join(root, "dist", "provider"), path.join(stage, "dist", "provider"), (rel) => !rel.endsWith(".d.ts") && !rel.endsWith(".map"));
fs.copyFileSync(path.join(root, "schema.json"), path.join(stage, "schema.json"));
fs.writeFileSync(
  path.join(stage, "package.json"),
  JSON.stringify({ name: "pulumi-resource-webhooks", version: pkg.version, private: true, license: pkg.license }, null, 2) + "\n",
);
fs.copyFileSync(path.join(root, "tools", "native-plugin", "pulumi-resource-webhooks"), path.join(stage, "pulumi-resource-webhooks"));
fs.chmodSync(path.join(stage, "pulumi-resource-webhooks"), 0o755);

// Each package keeps its path under node_modules, so Node resolves the copies as it resolved the originals.
const modules = fs.realpathSync(path.join(root, "node_modules"));
const seen = new Set();
function include(name, fromDir, filter) {
  let manifest;
  try {
    manifest = createRequire(path.join(fromDir, "package.json")).resolve(`${name}/package.json`);
  } catch {
    return; // an optional dependency not installed on this platform
  }
  const dir = path.dirname(fs.realpathSync(manifest));
  if (seen.has(dir)) return;
  seen.add(dir);
  const rel = path.relative(modules, dir);
  if (rel.startsWith("..")) throw new Error(`${name} resolved outside node_modules: ${dir}`);
  copy(dir, path.join(stage, "node_modules", rel), (r) => !r.split(path.sep).includes("node_modules") && (filter === undefined || filter(r)));
  const p = JSON.parse(fs.readFileSync(manifest, "utf8"));
  for (const d of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) include(d, dir);
}
for (const d of Object.keys(pkg.dependencies)) include(d, root);
const pulumiDir = path.dirname(fs.realpathSync(createRequire(path.join(root, "package.json")).resolve("@pulumi/pulumi/package.json")));
const pulumiRel = path.relative(modules, pulumiDir);
copy(pulumiDir, path.join(stage, "node_modules", pulumiRel), (r) => r === "" || r === "package.json" || r === "proto" || r.startsWith(`proto${path.sep}`));
seen.add(pulumiDir);
for (const d of ["@grpc/grpc-js", "google-protobuf"]) include(d, pulumiDir);
console.log(`native-plugin: staged ${seen.size} packages`);

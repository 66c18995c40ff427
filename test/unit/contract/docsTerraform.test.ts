// docs/terraform/: the registry-style pages list every attribute of the provider's schema
// (rendered from it by scripts/terraformDocs.ts), and the example names only attributes it has.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PAGES, renderPage } from "../../../scripts/terraformDocs";
import { tfSchema, type TfAttrs } from "../../../provider/terraform/tfSchema";

const docs = join(__dirname, "../../../docs/terraform");

test.each(PAGES.map((p) => [p.file, p] as const))("%s is what the schema renders (make terraform-docs rewrites it)", (_file, page) => {
  expect(readFileSync(join(docs, page.file), "utf8")).toBe(renderPage(page));
});

test.each(PAGES.map((p) => [p.file, p] as const))("%s lists every attribute, nested ones too", (_file, page) => {
  const text = readFileSync(join(docs, page.file), "utf8");
  const attrs = page.category === "Resource" ? tfSchema().resources[page.name] : tfSchema().data_sources[page.name];
  const walk = (a: TfAttrs): string[] => Object.entries(a).flatMap(([n, x]) => [n, ...walk(x.attributes ?? {})]);
  for (const name of walk(attrs)) expect(text).toContain(`- \`${name}\` (`);
});

test("examples/terraform/main.tf sets only attributes the schema has", () => {
  const text = readFileSync(join(__dirname, "../../../examples/terraform/main.tf"), "utf8");
  const known = new Set<string>();
  const walk = (a: TfAttrs): void => Object.entries(a).forEach(([n, x]) => (known.add(n), walk(x.attributes ?? {})));
  for (const attrs of [...Object.values(tfSchema().resources), ...Object.values(tfSchema().data_sources), tfSchema().provider]) walk(attrs);
  const blocks = text.match(/(resource|data) "webhooks_[a-z_]+" "[a-z_]+" \{[^]*?\n\}/g) ?? [];
  expect(blocks.length).toBe(3);
  for (const block of blocks) {
    for (const [, name] of block.matchAll(/^\s+([a-z_]+)\s+=/gm)) {
      if (name === "depends_on") continue;
      expect(known).toContain(name);
    }
  }
});

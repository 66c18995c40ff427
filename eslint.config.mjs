// Lint rules plus the dependency rule of ARCHITECTURE.md: each third-party
// library is imported in one folder, and inner layers never import outer ones.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const only = (pkg, folder) => ({
  name: pkg,
  message: `${pkg} is used only in ${folder} (see ARCHITECTURE.md).`,
});

// Libraries and the folder that owns each.
const owned = [
  only("handlebars", "provider/templating/"),
  only("undici", "provider/http/"),
  only("jsonpath-plus", "provider/response/"),
  only("zod", "provider/model/"),
  only("yaml", "provider/io/"),
  only("@pulumi/pulumi", "provider/resources/webhookProvider.ts (the dynamic adapter), provider/native/ and sdk/"),
  only("better-sqlite3", "provider/runtime/store/"),
  only("pg", "provider/runtime/store/"),
];
const allBut = (...keep) => owned.filter((p) => !keep.includes(p.name));

// Outer layers, by folder, that an inner folder must not reach.
const outer = (...folders) => folders.map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message: `inner layers do not import ${f}/ (see ARCHITECTURE.md).` }));

const restrict = (files, paths, patterns = []) => ({
  files,
  rules: { "no-restricted-imports": ["error", { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "examples/**/node_modules/**", "**/*.js", "**/*.mjs", "sdk/nodejs-native/**", "sdk/python/**", "sdk/go/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      curly: ["error", "multi-line"],
      eqeqeq: ["error", "smart"],
      "prefer-const": "error",
    },
  },
  restrict(["provider/errors.ts"], owned, outer("model", "templating", "matching", "check", "http", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/model/**/*.ts"], allBut("zod"), outer("check", "templating", "matching", "http", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/templating/**/*.ts"], allBut("handlebars"), outer("check", "matching", "http", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/matching/**/*.ts"], owned, outer("check", "templating", "http", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/io/**/*.ts"], allBut("yaml"), outer("check", "templating", "matching", "http", "response", "delivery", "runtime", "resources", "cli")),
  restrict(["provider/http/**/*.ts"], allBut("undici"), outer("check", "templating", "matching", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/response/**/*.ts"], allBut("jsonpath-plus"), outer("check", "templating", "matching", "http", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/check/**/*.ts"], owned, outer("http", "response", "delivery", "runtime", "resources", "cli", "io")),
  restrict(["provider/delivery/**/*.ts"], owned, outer("runtime", "resources", "cli", "io")),
  restrict(["provider/runtime/**/*.ts"], owned, outer("resources", "cli")),
  // Later entries win for the same files: the store's own rule comes after the runtime's.
  restrict(["provider/runtime/store/**/*.ts"], allBut("better-sqlite3", "pg"), outer("http", "response", "templating", "resources", "cli", "io")),
  restrict(["provider/resources/**/*.ts", "sdk/**/*.ts"], allBut("@pulumi/pulumi"), outer("runtime", "cli", "native")),
  // The core is pure: only the dynamic adapter's files (and the package entry that loads them) see @pulumi/pulumi.
  {
    files: ["provider/resources/**/*.ts"],
    ignores: ["provider/resources/webhookProvider.ts", "provider/resources/lookupRead.ts", "provider/resources/index.ts"],
    rules: { "no-restricted-imports": ["error", { paths: owned, patterns: [...outer("runtime", "cli", "native"), { group: ["@pulumi/pulumi/*"], message: "the core is pure of @pulumi/pulumi (see ARCHITECTURE.md)." }] }] },
  },
  restrict(["provider/native/**/*.ts"], allBut("@pulumi/pulumi"), outer("runtime", "cli", "sdk")),
  // The Terraform bridge is an adapter like the Pulumi ones: it reaches the core (resources/), never the runtime or native/.
  restrict(["provider/terraform/**/*.ts"], owned, outer("runtime", "cli", "native", "sdk")),
  restrict(["provider/cli/**/*.ts"], owned),
  // The console's page runs in the browser (docs/console.md): no library, and only types from the rest of provider/.
  {
    files: ["provider/console/ui/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: owned, patterns: [{ group: ["../../**"], allowTypeImports: true, message: "the console page runs in the browser: import only types from provider/ (see docs/console.md)." }] },
      ],
    },
  },
);

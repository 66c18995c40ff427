"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.VERSION = void 0;
// The package version (CLI --version, User-Agent). Read from package.json at run
// time because the sources and the built dist/ sit at different depths below it.
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
function readVersion() {
    let dir = __dirname;
    for (let i = 0; i < 6; i++) {
        const file = (0, node_path_1.join)(dir, "package.json");
        if ((0, node_fs_1.existsSync)(file)) {
            const pkg = JSON.parse((0, node_fs_1.readFileSync)(file, "utf8"));
            if (pkg.name === "pulumi-webhooks" && typeof pkg.version === "string")
                return pkg.version;
        }
        dir = (0, node_path_1.dirname)(dir);
    }
    return "0.0.0";
}
exports.VERSION = readVersion();

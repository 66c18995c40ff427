"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tempDir = tempDir;
// Per-test temp directories, removed after the test file finishes.
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
function tempDir(prefix = "webhooks-test-") {
    const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), prefix));
    return {
        dir,
        write(name, text) {
            const file = (0, node_path_1.join)(dir, name);
            (0, node_fs_1.writeFileSync)(file, text);
            return file;
        },
        remove() {
            (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
        },
    };
}

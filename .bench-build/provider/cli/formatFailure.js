"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatFailure = formatFailure;
/** One failure as a line: `<file>: <path>: <reason> (<CODE>)`; the path is left out when empty. */
function formatFailure(file, e) {
    return `${file}: ${e.path === "" ? "" : `${e.path}: `}${e.message} (${e.code})\n`;
}

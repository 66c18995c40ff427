"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UsageError = exports.EXIT_USAGE = exports.EXIT_FAILED = exports.EXIT_OK = void 0;
/** Exit codes: 0 success, 1 the thing checked failed, 2 the command line itself is wrong. */
exports.EXIT_OK = 0;
exports.EXIT_FAILED = 1;
exports.EXIT_USAGE = 2;
class UsageError extends Error {
}
exports.UsageError = UsageError;

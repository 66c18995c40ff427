/** One failure as a line: `<file>: <path>: <reason> (<CODE>)`; the path is left out when empty. */
export function formatFailure(file: string, e: { code: string; path: string; message: string }): string {
  return `${file}: ${e.path === "" ? "" : `${e.path}: `}${e.message} (${e.code})\n`;
}

// Config files hold secrets: a YAML error must say what and where, never quote the value.
import { parseDataText } from "../../../provider/io/readDataFile";

function errorOf(text: string): { code: string; message: string } {
  try {
    parseDataText(text, "hook.yaml");
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error");
}

describe("parseDataText", () => {
  it("parses YAML and JSON", () => {
    expect(parseDataText("a: 1\nb: [x, y]\n", "f")).toEqual({ a: 1, b: ["x", "y"] });
    expect(parseDataText('{"a": {"b": null}}', "f")).toEqual({ a: { b: null } });
  });

  it.each([
    ["an unknown tag", "headers:\n  X-Api-Key: !Sup3rSecretKey\n", "an unknown tag (a value starting with !; quote it) at line 2, column 14"],
    ["an alias without anchor", "adminToken: *Sup3rSecretKey\n", "an alias (*name) whose anchor (&name) is not defined before it"],
    ["a duplicate key", "token: Sup3rSecretKey\ntoken: Sup3rSecretKey\n", "a key given twice at line 2, column 1"],
    ["an unclosed quote", 'token: "Sup3rSecretKey\n', "hook.yaml is not valid YAML or JSON: "],
  ])("%s is CONFIG_FILE_UNREADABLE with the position, without the value", (_what, text, expected) => {
    const e = errorOf(text);
    expect(e.code).toBe("CONFIG_FILE_UNREADABLE");
    expect(e.message).toContain(expected);
    expect(e.message).not.toContain("Sup3rSecretKey");
  });

  it("prints nothing to stderr for an unknown tag", () => {
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      errorOf("k: !Sup3rSecretKey\n");
      expect(write).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      warn.mockRestore();
    }
  });
});

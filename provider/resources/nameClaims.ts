// Names are unique per runtime, so two resources of one program with the same
// `name` would fail at `up`, after part of the program was applied. Both
// providers see every resource's `check` in one process per deployment (the
// dynamic provider process; the native plugin), so the core claims each name
// there, per runtime, and the second resource fails `preview`, naming both.
import { managerLabel, sameManager, type ManagedBy } from "../model/managedBy";

export class NameClaims {
  private readonly byRuntime = new Map<string, Map<string, ManagedBy>>();

  /**
   * Claims `name` on `runtime` for `owner`; the message when another resource claimed it first, else undefined.
   * The same owner claiming again (preview, then update) is not a clash.
   */
  claim(runtime: string, name: string, owner: ManagedBy): string | undefined {
    let names = this.byRuntime.get(runtime);
    if (names === undefined) {
      names = new Map();
      this.byRuntime.set(runtime, names);
    }
    const holder = names.get(name);
    if (holder === undefined || sameManager(holder, owner)) {
      names.set(name, owner);
      return undefined;
    }
    return (
      `name "${name}" is used by two resources of this program: ${managerLabel(holder)} and ${managerLabel(owner)}; ` +
      `names are unique per runtime${runtime === "" ? "" : ` (${runtime})`}, so give one of them another name`
    );
  }
}

/** The claims of this process: the dynamic provider's two kinds and the native plugin's share them (names are unique across kinds). */
export const processClaims = new NameClaims();

"use strict";
// "Did you mean" for field names and enum values. A pure edit distance misses
// the mistakes people really make here (`Created` for `RequestCreated`,
// `timeout` for `timeoutSeconds`, `post` for `POST`), so case, separators,
// containment and misspelt prefixes are tried as well.
Object.defineProperty(exports, "__esModule", { value: true });
exports.editDistance = editDistance;
exports.didYouMean = didYouMean;
exports.didYouMeanText = didYouMeanText;
const normalise = (s) => s.toLowerCase().replace(/[-_\s]/g, "");
/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions (`emial` → `email` is one edit). */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        rows.push([i]);
        for (let j = 1; j <= b.length; j++) {
            if (i === 0) {
                rows[i].push(j);
                continue;
            }
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d = Math.min(d, rows[i - 2][j - 2] + 1);
            rows[i].push(d);
        }
    }
    return rows[a.length][b.length];
}
/** The one candidate the input most likely meant, or undefined when none is close or several are equally close. */
function didYouMean(input, candidates) {
    const n = normalise(input);
    if (n === "")
        return undefined;
    const same = candidates.filter((c) => normalise(c) === n);
    if (same.length === 1)
        return same[0];
    const scored = candidates.map((c) => ({ c, d: editDistance(n, normalise(c)) }));
    const best = Math.min(...scored.map((s) => s.d));
    const budget = Math.max(1, Math.floor(n.length / 3));
    const closest = scored.filter((s) => s.d === best);
    if (best <= budget && closest.length === 1)
        return closest[0].c;
    if (n.length >= 3) {
        const containing = candidates.filter((c) => normalise(c).includes(n) || n.includes(normalise(c)));
        if (containing.length === 1)
            return containing[0];
    }
    // A misspelt prefix of a longer name: `timout` for `timeoutSeconds`.
    if (n.length >= 4) {
        const prefixed = candidates.filter((c) => {
            const m = normalise(c);
            return [n.length - 1, n.length, n.length + 1].some((len) => len < m.length && editDistance(n, m.slice(0, len)) <= budget);
        });
        if (prefixed.length === 1)
            return prefixed[0];
    }
    return undefined;
}
/** ` Did you mean "X"?` or "" — for appending to a message. */
function didYouMeanText(input, candidates) {
    const s = didYouMean(input, candidates);
    return s === undefined ? "" : ` Did you mean "${s}"?`;
}

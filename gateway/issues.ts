import { RULES, type RuleCode, type RuleKind } from "./codes";

/**
 * One problem found in a gateway config, and how it is printed.
 *
 * A line reads `<file>:<line> (doc <n>) <path>: <what is wrong>; expected <x>, got <y>. Fix: <what to
 * do>. [<code>, <kind>]` so that it can be pasted into an editor's "go to" and grepped by code in CI.
 */

export type Severity = "error" | "warning";
export type IssuePath = ReadonlyArray<string | number>;
export type { RuleCode, RuleKind };

export interface Issue {
    readonly severity: Severity;
    /** Stable rule code, e.g. `weights`; `gateway/rules.ts` and docs/gateway.md list every code. */
    readonly code: RuleCode;
    /** format: TrueFoundry refuses it; semantic: accepted but not what was meant; governance: splitplane's rules. */
    readonly kind: RuleKind;
    /** File relative to the root it was loaded from, or `<inline>` for TypeScript objects. */
    readonly file: string;
    /** 1-based document number inside the file; absent for set-wide problems. */
    readonly doc?: number;
    /** 1-based line, when the source was YAML or JSON text. */
    readonly line?: number;
    /** Key path inside the document, e.g. `rules[2].load_balance_targets[0].weight`. */
    readonly path: string;
    readonly message: string;
    /** What a valid value would be. */
    readonly expected: string;
    /** What was given (never a credential's value). */
    readonly actual: string;
    readonly fix: string;
    /** For an unknown key or name: the closest valid one. */
    readonly didYouMean?: string;
}

/** What a check says about one problem; kind and default severity come from the rule's code. */
export interface Finding {
    readonly message: string;
    readonly expected: string;
    readonly actual: string;
    readonly fix: string;
    readonly didYouMean?: string;
    /** Overrides the rule's default severity (a rule with an advisory and a refusing form). */
    readonly severity?: Severity;
}

/** `["rules", 2, "when"]` → `rules[2].when`. */
export function formatPath(path: IssuePath): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? part : `.${part}`;
    }
    return out;
}

export function formatIssue(issue: Issue): string {
    const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
    const doc = issue.doc === undefined ? "" : ` (doc ${issue.doc})`;
    const path = issue.path === "" ? "" : ` ${issue.path}`;
    const mean = issue.didYouMean ? ` Did you mean "${issue.didYouMean}"?` : "";
    const fix = issue.fix === "" ? "" : ` Fix: ${trimStop(issue.fix)}.`;
    return `${where}${doc}${path}: ${trimStop(issue.message)}; expected ${issue.expected}, got ${issue.actual}.${mean}${fix} [${issue.code}, ${issue.kind}]`;
}

function trimStop(s: string): string {
    return s.endsWith(".") ? s.slice(0, -1) : s;
}

/** Where a document came from; `locate` maps a key path to a line when the source was text. */
export interface DocSource {
    readonly file: string;
    readonly doc: number;
    readonly locate?: (path: IssuePath) => number | undefined;
    /**
     * Maps a path in the salvaged document (elements that failed their schema removed) back to the
     * path in the document as written.
     */
    readonly remap?: (path: IssuePath) => IssuePath;
}

/** Collects issues for one validation run. */
export class IssueSink {
    readonly issues: Issue[] = [];

    report(code: RuleCode, src: DocSource | string, path: IssuePath, f: Finding): void {
        const rule = RULES[code];
        const base = { severity: f.severity ?? rule.severity, code, kind: rule.kind, message: f.message, expected: f.expected, actual: f.actual, fix: f.fix, ...(f.didYouMean ? { didYouMean: f.didYouMean } : {}) };
        if (typeof src === "string") {
            this.issues.push({ ...base, file: src, path: formatPath(path) });
            return;
        }
        const p = src.remap ? src.remap(path) : path;
        this.issues.push({ ...base, file: src.file, doc: src.doc, line: src.locate?.(p), path: formatPath(p) });
    }
}

/** A value quoted for a message, shortened so that a huge blob does not flood the terminal. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing";
    const s = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The closest candidate by edit distance, when it is close enough to be a typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    const lower = word.toLowerCase();
    for (const c of candidates) {
        const d = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    // A third of the word, at least 1 and at most 3 edits: closer than that is a typo, not a guess.
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    return best !== undefined && bestDistance <= limit && best !== word ? best : undefined;
}

/** Damerau-Levenshtein (optimal string alignment) distance. */
function distance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i += 1) {
        for (let j = 1; j < cols; j += 1) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
            d[i]![j] = v;
        }
    }
    return d[a.length]![b.length]!;
}

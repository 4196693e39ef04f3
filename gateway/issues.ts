/**
 * One problem found in a gateway config, and how it is printed.
 *
 * A line reads `<file>:<line> (doc <n>) <path>: <what is wrong>. Fix: <what to do>. [<code>]` so that
 * it can be pasted into an editor's "go to" and grepped by code in CI logs.
 */

export type Severity = "error" | "warning";
export type IssuePath = ReadonlyArray<string | number>;

export interface Issue {
    readonly severity: Severity;
    /** Stable rule code, e.g. `weights`; docs/gateway.md lists every code. */
    readonly code: string;
    /** File relative to the root it was loaded from, or `<inline>` for TypeScript objects. */
    readonly file: string;
    /** 1-based document number inside the file; absent for set-wide problems. */
    readonly doc?: number;
    /** 1-based line, when the source was YAML or JSON text. */
    readonly line?: number;
    /** Key path inside the document, e.g. `rules[2].load_balance_targets[0].weight`. */
    readonly path: string;
    readonly message: string;
    readonly fix: string;
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
    const fix = issue.fix === "" ? "" : ` Fix: ${trimStop(issue.fix)}.`;
    return `${where}${doc}${path}: ${trimStop(issue.message)}.${fix} [${issue.code}]`;
}

function trimStop(s: string): string {
    return s.endsWith(".") ? s.slice(0, -1) : s;
}

/** Where a document came from; `locate` maps a key path to a line when the source was text. */
export interface DocSource {
    readonly file: string;
    readonly doc: number;
    readonly locate?: (path: IssuePath) => number | undefined;
}

/** Collects issues for one validation run. */
export class IssueSink {
    readonly issues: Issue[] = [];

    add(severity: Severity, code: string, src: DocSource | string, path: IssuePath, message: string, fix: string): void {
        if (typeof src === "string") {
            this.issues.push({ severity, code, file: src, path: formatPath(path), message, fix });
            return;
        }
        this.issues.push({
            severity,
            code,
            file: src.file,
            doc: src.doc,
            line: src.locate?.(path),
            path: formatPath(path),
            message,
            fix,
        });
    }

    error(code: string, src: DocSource | string, path: IssuePath, message: string, fix: string): void {
        this.add("error", code, src, path, message, fix);
    }

    warn(code: string, src: DocSource | string, path: IssuePath, message: string, fix: string): void {
        this.add("warning", code, src, path, message, fix);
    }
}

/** A value quoted for a message, shortened so that a huge blob does not flood the terminal. */
export function show(value: unknown): string {
    const s = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

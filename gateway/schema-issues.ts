import type { z } from "zod";
import { type DocSource, type IssuePath, IssueSink, show } from "./issues";
import { RENAMED_KEYS } from "./schema";
import { describeCredential } from "./validate/credentials";

/**
 * Turns zod's issues into lines that say what was expected, what was given and what to do.
 * The given value is read from the raw document (zod 4 does not keep inputs by default).
 */
export function reportSchemaIssues(sink: IssueSink, src: DocSource, data: unknown, issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues) {
        const path = issue.path as IssuePath;
        const got = valueAt(data, path);
        const key = String(path[path.length - 1] ?? "document");
        // A literal credential is reported once, by the credential scan, which never prints it.
        if (typeof got === "string" && describeCredential(key, got) !== undefined) continue;
        switch (issue.code) {
            case "unrecognized_keys":
                for (const k of issue.keys) {
                    const hint = RENAMED_KEYS[k];
                    sink.error("schema", src, [...path, k], `unknown key "${k}"${hint ? ` (${hint})` : ""}`,
                        hint ? "use the current key named above" : "remove it or fix its spelling; keys follow TrueFoundry's documented manifest fields (docs/gateway.md)");
                }
                break;
            case "invalid_type":
                if (got === undefined) {
                    sink.error("schema", src, path, `${key} is required (expected ${issue.expected})`, `add ${key}`);
                } else {
                    sink.error("schema", src, path, `expected ${issue.expected}, got ${typeName(got)} ${show(got)}`, `write ${key} as ${article(issue.expected)}`);
                }
                break;
            case "invalid_value":
                if (got === undefined) {
                    sink.error("schema", src, path, `${key} is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")})`, `add ${key}; there is deliberately no default`);
                    break;
                }
                sink.error("schema", src, path, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")} (got ${show(got)})`, "use one of the listed values");
                break;
            case "too_small":
                sink.error("schema", src, path, Array.isArray(got)
                    ? `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? "y" : "ies"} (got ${got.length})`
                    : `must be ${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)} (got ${show(got)})`, `raise ${key}`);
                break;
            case "too_big":
                sink.error("schema", src, path, Array.isArray(got)
                    ? `allows at most ${String(issue.maximum)} entries (got ${got.length})`
                    : typeof got === "string"
                        ? `must be at most ${String(issue.maximum)} characters (got ${got.length})`
                        : `must be ≤ ${String(issue.maximum)} (got ${show(got)})`, `lower ${key}`);
                break;
            case "invalid_format":
                sink.error("schema", src, path, `${issue.message.replace(/^Invalid string: /, "")} (got ${show(got)})`, `correct ${key}`);
                break;
            case "invalid_union": {
                const t = got && typeof got === "object" ? (got as Record<string, unknown>).type : undefined;
                sink.error("schema", src, path, `does not match any allowed form (type ${show(t)})`, "check `type` and the fields that type takes in docs/gateway.md");
                break;
            }
            default:
                sink.error("schema", src, path, issue.message, `correct ${key}`);
        }
    }
}

export function valueAt(data: unknown, path: IssuePath): unknown {
    let cur: unknown = data;
    for (const p of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<string | number, unknown>)[p as string | number];
    }
    return cur;
}

function typeName(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    return `a ${typeof v}`;
}

function article(expected: string): string {
    return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

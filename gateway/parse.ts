import type { z } from "zod";
import { type DocSource, type IssuePath, IssueSink, didYouMean, show } from "./issues";
import { RENAMED_KEYS } from "./schema";
import { describeCredential } from "./validate/credentials";

/**
 * Applies a document's schema and keeps what can be kept, so that one schema error does not hide the
 * semantic errors elsewhere in the same document:
 *
 * - an unknown key is reported (with a did-you-mean) and left out, and the rest of its object stays;
 * - any other schema error inside an element of the document's top-level `rules`, `integrations` or
 *   `metadata` list leaves out that element only; the checks then run on the others, and paths are
 *   mapped back to the document as written;
 * - an error anywhere else (the document's `type`, `name`, …) fails the whole document.
 *
 * The result says which elements were left out, so that the checks do not report their absence
 * (an unknown target that names a model whose entry failed its schema, a missing catch-all).
 */

/** Lists whose elements are kept or left out one by one. */
const ELEMENT_LISTS = new Set(["rules", "integrations", "metadata"]);

export interface ParsedDocument {
    /** The parsed document, or undefined when it failed as a whole. */
    readonly value?: unknown;
    /** Raw elements left out, by list (`rules`, `integrations`, `metadata`). */
    readonly dropped: ReadonlyMap<string, readonly unknown[]>;
    /** Maps paths of `value` back to the document as written. */
    readonly remap: (path: IssuePath) => IssuePath;
}

export function parseDocument(schema: z.ZodType, data: unknown, src: DocSource, sink: IssueSink): ParsedDocument {
    const removedKeys: Array<{ path: IssuePath; key: string }> = [];
    const drops = new Map<string, Set<number>>(); // list name → indices left out
    const reported = new Set<string>();
    for (let round = 0; round < 4; round += 1) {
        const candidate = prune(data, removedKeys, drops);
        const remap = remapper(drops);
        const parsed = schema.safeParse(candidate);
        if (parsed.success) return { value: parsed.data, dropped: droppedElements(data, drops), remap };
        let fatal = false;
        for (const issue of parsed.error.issues) {
            const path = remap(issue.path as IssuePath);
            const key = `${issue.code}:${path.join(".")}:${"keys" in issue ? issue.keys.join(",") : ""}`;
            if (!reported.has(key)) {
                reported.add(key);
                reportIssue(sink, { ...src, remap: undefined }, schema, data, path, issue);
            }
            if (issue.code === "unrecognized_keys") {
                for (const k of issue.keys) removedKeys.push({ path, key: k });
                continue;
            }
            const list = path[0];
            if (typeof list === "string" && ELEMENT_LISTS.has(list) && typeof path[1] === "number" && Array.isArray((data as Record<string, unknown>)[list])) {
                const set = drops.get(list) ?? new Set<number>();
                set.add(path[1]);
                drops.set(list, set);
            } else fatal = true;
        }
        if (fatal) return { dropped: new Map(), remap: (p) => p };
    }
    return { dropped: new Map(), remap: (p) => p };
}

/** A copy of `data` without the removed keys and the left-out elements. */
function prune(data: unknown, removedKeys: ReadonlyArray<{ path: IssuePath; key: string }>, drops: ReadonlyMap<string, ReadonlySet<number>>): unknown {
    if (removedKeys.length === 0 && drops.size === 0) return data;
    const copy = structuredClone(data) as Record<string, unknown>;
    for (const { path, key } of removedKeys) {
        const obj = valueAt(copy, path);
        if (obj && typeof obj === "object") delete (obj as Record<string, unknown>)[key];
    }
    for (const [list, indices] of drops) {
        const arr = copy[list];
        if (Array.isArray(arr)) copy[list] = arr.filter((_, i) => !indices.has(i));
    }
    return copy;
}

function remapper(drops: ReadonlyMap<string, ReadonlySet<number>>): (path: IssuePath) => IssuePath {
    if (drops.size === 0) return (p) => p;
    const sorted = new Map([...drops].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
    return (path) => {
        const list = path[0];
        const dropped = typeof list === "string" ? sorted.get(list) : undefined;
        if (!dropped || typeof path[1] !== "number") return path;
        let idx = path[1];
        for (const d of dropped) if (d <= idx) idx += 1;
        return [list!, idx, ...path.slice(2)];
    };
}

function droppedElements(data: unknown, drops: ReadonlyMap<string, ReadonlySet<number>>): Map<string, unknown[]> {
    const out = new Map<string, unknown[]>();
    for (const [list, indices] of drops) {
        const arr = (data as Record<string, unknown[]>)[list]!;
        out.set(list, [...indices].map((i) => arr[i]));
    }
    return out;
}

export function valueAt(data: unknown, path: IssuePath): unknown {
    let cur: unknown = data;
    for (const p of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<string | number, unknown>)[p as string | number];
    }
    return cur;
}

/** One zod issue as a format finding: what was expected, what was given, what to do. */
function reportIssue(sink: IssueSink, src: DocSource, schema: z.ZodType, data: unknown, path: IssuePath, issue: z.core.$ZodIssue): void {
    const got = valueAt(data, path);
    const last = path[path.length - 1];
    const parent = [...path].reverse().find((p) => typeof p === "string");
    const key = typeof last === "number" ? `${parent ?? "list"}[${last}]` : String(last ?? "document");
    // A literal credential is reported once, by the credential scan, which never prints it.
    if (typeof got === "string" && describeCredential(key, got) !== undefined) return;
    const actual = got === undefined ? "nothing" : got === null ? "null" : `${typeName(got)} ${show(got)}`;
    switch (issue.code) {
        case "unrecognized_keys": {
            const known = keysAt(schema, data, path) ?? [];
            for (const k of issue.keys) {
                const hint = RENAMED_KEYS[k];
                const mean = didYouMean(k, known);
                sink.report("unknown-key", src, [...path, k], {
                    message: `unknown key "${k}"${hint ? ` (${hint})` : ""}: the control plane refuses a key its schema does not have`,
                    expected: known.length > 0 ? `one of ${known.join(", ")}` : "no other keys",
                    actual: JSON.stringify(k),
                    fix: mean ? `rename it to ${mean}` : hint ? "use the form named above" : "remove it",
                    ...(mean ? { didYouMean: mean } : {}),
                });
            }
            return;
        }
        case "invalid_type":
            if (got instanceof Date || typeof got === "boolean") {
                // YAML 1.1, as tfy apply reads it, turns unquoted dates and yes/no/on/off into these.
                sink.report("schema", src, path, { message: `${key} was read as a ${got instanceof Date ? "date" : "boolean"}: YAML 1.1 (how tfy apply reads YAML) resolves an unquoted ${got instanceof Date ? "2024-10-21" : "yes, no, on or off"} that way`, expected: article(issue.expected), actual: got instanceof Date ? `a date ${got.toISOString().slice(0, 10)}` : `a boolean ${String(got)}`, fix: `quote the value of ${key}` });
                return;
            }
            sink.report("schema", src, path, got === undefined
                ? { message: `${key} is required`, expected: article(issue.expected), actual, fix: `add ${key}` }
                : { message: `${key} has the wrong type`, expected: article(issue.expected), actual, fix: `write ${key} as ${article(issue.expected)}` });
            return;
        case "invalid_value": {
            const values = issue.values.map((v) => JSON.stringify(v));
            const mean = typeof got === "string" ? didYouMean(got, issue.values.map(String)) : undefined;
            sink.report("schema", src, path, {
                message: got === undefined ? `${key} is required, with no default` : `${key} is not an allowed value`,
                expected: `one of ${values.join(" | ")}`,
                actual,
                fix: got === undefined ? `add ${key}` : "use one of the listed values",
                ...(mean ? { didYouMean: mean } : {}),
            });
            return;
        }
        case "too_small":
        case "too_big": {
            const small = issue.code === "too_small";
            const bound = String(small ? issue.minimum : issue.maximum);
            const op = small ? (issue.inclusive === false ? ">" : "≥") : issue.inclusive === false ? "<" : "≤";
            const unit = Array.isArray(got) ? " entries" : typeof got === "string" ? " characters" : "";
            sink.report("schema", src, path, { message: `${key} is out of the server's bounds`, expected: `${op} ${bound}${unit}`, actual: Array.isArray(got) ? `${got.length} entries` : typeof got === "string" ? `${got.length} characters` : actual, fix: `${small ? "raise" : "lower"} ${key}` });
            return;
        }
        case "invalid_format":
            sink.report("schema", src, path, { message: `${key} does not have the server's format`, expected: issue.message.replace(/^Invalid string: /, "a string that "), actual, fix: `correct ${key}` });
            return;
        case "invalid_union": {
            const disc = "discriminator" in issue ? (issue as { discriminator?: string }).discriminator : undefined;
            if (disc) {
                const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
                const mean = typeof got === "string" ? didYouMean(got, options) : undefined;
                sink.report("schema", src, path, { message: `${disc} is not one the server takes here`, expected: `one of ${options.map((o) => JSON.stringify(o)).join(" | ")}`, actual, fix: `set ${disc} to one of them`, ...(mean ? { didYouMean: mean } : {}) });
            } else {
                sink.report("schema", src, path, { message: `${key} matches none of the forms the server takes`, expected: "one of the forms in docs/gateway.md", actual, fix: `correct ${key}` });
            }
            return;
        }
        default:
            sink.report("schema", src, path, { message: issue.message, expected: "a value the server's schema takes", actual, fix: `correct ${key}` });
    }
}

// --- the keys a schema allows at a path (for did-you-mean) ---------------------------------------

type AnySchema = { _zod: { def: Record<string, unknown> & { type: string } } };

function unwrap(s: AnySchema): AnySchema {
    for (;;) {
        const def = s._zod.def;
        if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "prefault" || def.type === "readonly") s = def.innerType as AnySchema;
        else if (def.type === "pipe") s = def.in as AnySchema;
        else return s;
    }
}

/** For a union, the option that fits the data (by discriminator, or by the most known keys). */
function pick(s: AnySchema, data: unknown): AnySchema {
    s = unwrap(s);
    const def = s._zod.def;
    if (def.type !== "union") return s;
    const options = (def.options as AnySchema[]).map(unwrap);
    const disc = def.discriminator as string | undefined;
    const obj = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
    if (disc) {
        const hit = options.find((o) => {
            const field = shapeOf(o)?.[disc] as unknown as z.ZodType | undefined;
            return field !== undefined && field.safeParse(obj[disc]).success;
        });
        if (hit) return pick(hit, data);
    }
    let best = options[0]!;
    let score = -1;
    for (const o of options) {
        const shape = shapeOf(o);
        const n = shape ? Object.keys(obj).filter((k) => k in shape).length : 0;
        if (n > score) {
            best = o;
            score = n;
        }
    }
    return pick(best, data);
}

function shapeOf(s: AnySchema): Record<string, AnySchema> | undefined {
    const def = unwrap(s)._zod.def;
    return def.type === "object" ? (def.shape as Record<string, AnySchema>) : undefined;
}

export function keysAt(schema: z.ZodType, data: unknown, path: IssuePath): string[] | undefined {
    let s = pick(schema as unknown as AnySchema, data);
    let d = data;
    for (const seg of path) {
        const def = s._zod.def;
        let next: AnySchema | undefined;
        if (def.type === "object" && typeof seg === "string") next = (def.shape as Record<string, AnySchema>)[seg];
        else if (def.type === "array") next = def.element as AnySchema;
        else if (def.type === "record") next = def.valueType as AnySchema;
        if (!next) return undefined;
        d = d && typeof d === "object" ? (d as Record<string | number, unknown>)[seg] : undefined;
        s = pick(next, d);
    }
    const shape = shapeOf(s);
    return shape ? Object.keys(shape) : undefined;
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

export { IssueSink };

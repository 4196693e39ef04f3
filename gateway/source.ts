import { promises as fs } from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { RULES } from "./codes";
import { type DocSource, type Issue, type IssuePath, formatPath } from "./issues";

/**
 * Turns a file, a folder, or TypeScript objects into raw documents with their origin, before any
 * schema is applied. YAML and JSON both go through the YAML parser (JSON is YAML 1.2) so that every
 * problem can carry a line number. A document that is a list is read as one document per item.
 */

export interface RawDocument {
    readonly source: DocSource;
    readonly data: unknown;
}

export interface SourceResult {
    /** Root label used in messages (the path as given, relative to the root). */
    readonly label: string;
    readonly docs: RawDocument[];
    /** Syntax problems (unparseable YAML/JSON), already located. */
    readonly issues: Issue[];
    /** The path does not exist or cannot be read: a usage error, not an invalid config. */
    readonly unreadable?: string;
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Reads `target` (file or folder, relative to `root`). Never throws for I/O: see `unreadable`. */
export async function readGatewaySources(target: string, root: string = process.cwd()): Promise<SourceResult> {
    const abs = path.resolve(root, target);
    const label = path.relative(root, abs) || ".";
    let files: string[];
    try {
        const stat = await fs.stat(abs);
        files = stat.isDirectory() ? await listFiles(abs) : [abs];
    } catch (err) {
        return { label, docs: [], issues: [], unreadable: `${label}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    if (files.length === 0) {
        return { label, docs: [], issues: [], unreadable: `${label}: no .yaml, .yml or .json files in this folder` };
    }
    const docs: RawDocument[] = [];
    const issues: Issue[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = await fs.readFile(file, "utf8");
        } catch (err) {
            return { label, docs: [], issues: [], unreadable: `${path.relative(root, file)}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
        }
        const parsed = parseText(text, path.relative(root, file) || path.basename(file));
        docs.push(...parsed.docs);
        issues.push(...parsed.issues);
    }
    return { label, docs, issues };
}

async function listFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith(".")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...(await listFiles(full)));
        else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
    }
    return out;
}

/**
 * How `tfy apply` (a Python CLI, PyYAML) reads YAML: version 1.1, with merge keys (`<<: *anchor`)
 * resolved, and 1.1's booleans as PyYAML has them (`yes`/`no`/`on`/`off`, but not `y`/`n`). Floats
 * with an exponent need a dot and a signed exponent there (`1.0e+6`; `1e6` stays a string).
 * JSON files are read as JSON (YAML 1.2 core).
 */
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PY_EXP_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*[eE][-+][0-9]+$/;
const YAML11: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
    version: "1.1",
    merge: true,
    customTags: (tags) =>
        (tags as YAML.ScalarTag[]).map((t) => {
            if (t.tag === "tag:yaml.org,2002:bool" && t.test) return { ...t, test: t.identify?.(true) ? PY_TRUE : PY_FALSE };
            if (t.tag === "tag:yaml.org,2002:float" && t.test && /\[eE\]/.test(t.test.source) && !t.test.source.startsWith("^(?:")) return { ...t, test: PY_EXP_FLOAT };
            return t;
        }),
};

/**
 * Aliases one document may expand (yaml's own guard against "billion laughs" documents): real
 * configs use a handful of anchors; past this the document is refused as hostile.
 */
export const MAX_ALIAS_COUNT = 100;

/** Parses one YAML/JSON text into documents; `file` is the label used in messages. */
export function parseText(text: string, file: string): { docs: RawDocument[]; issues: Issue[] } {
    const lineCounter = new YAML.LineCounter();
    const json = file.toLowerCase().endsWith(".json");
    // Duplicate keys are found below, so that the rest of the document is still checked.
    const parsed = YAML.parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, ...(json ? {} : YAML11) });
    const yamlDocs = Array.isArray(parsed) ? parsed : [];
    const docs: RawDocument[] = [];
    const issues: Issue[] = [];
    const issue = (code: "syntax" | "duplicate-key" | "alias-limit", doc: number, pos: number | undefined, message: string, expected: string, actual: string, fix: string, path = "") =>
        issues.push({ severity: "error", code, kind: RULES[code].kind, file, doc, ...(pos !== undefined ? { line: lineCounter.linePos(pos).line } : {}), path, message, expected, actual, fix });
    let n = 0;
    for (const yamlDoc of yamlDocs) {
        if (yamlDoc.errors.length > 0) {
            n += 1;
            for (const e of yamlDoc.errors) issue("syntax", n, e.pos[0], `cannot parse: ${e.message.split("\n")[0]}`, "valid YAML/JSON", "a syntax error", "correct the YAML/JSON syntax at that line");
            continue;
        }
        const docNumber = n + 1;
        duplicateKeys(yamlDoc.contents, [], (path, key, pos) =>
            // PyYAML keeps the last value without a word; which one the author meant is unknown.
            issue("duplicate-key", docNumber, pos, `key "${key}" appears twice in one map: tfy apply keeps the last value and drops the first`, "each key once", `"${key}" twice`, "remove one of the two", formatPath(path)));
        let data: unknown;
        try {
            data = yamlDoc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch (err) {
            n += 1;
            const aliases = err instanceof ReferenceError && /alias/i.test(err.message);
            if (aliases) {
                issue("alias-limit", n, yamlDoc.range[0], "aliases expand past the limit, which is how a resource-exhaustion (\"billion laughs\") document works", `at most ${MAX_ALIAS_COUNT} alias expansions`, "more", "write the values out, or use fewer nested aliases");
            } else {
                issue("syntax", n, yamlDoc.range[0], `cannot read: ${(err as Error).message}`, "valid YAML/JSON", "an unreadable document", "correct the document");
            }
            continue;
        }
        if (data === null || data === undefined) continue; // an empty document (e.g. a trailing `---`)
        const locate = (prefix: IssuePath) => (p: IssuePath) => lineOf(yamlDoc, lineCounter, [...prefix, ...p]);
        if (Array.isArray(data)) {
            data.forEach((item, i) => {
                n += 1;
                docs.push({ source: { file, doc: n, locate: locate([i]) }, data: item });
            });
        } else {
            n += 1;
            docs.push({ source: { file, doc: n, locate: locate([]) }, data });
        }
    }
    return { docs, issues };
}

/** Reports each key that repeats an earlier key of the same map (merged keys are not repeats). */
function duplicateKeys(node: unknown, path: (string | number)[], report: (path: IssuePath, key: string, pos: number | undefined) => void): void {
    if (YAML.isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
            const key = YAML.isScalar(pair.key) ? String(pair.key.value) : undefined;
            if (key === undefined || key === "<<") continue;
            if (seen.has(key)) report([...path, key], key, (pair.key as YAML.Scalar).range?.[0]);
            seen.add(key);
            duplicateKeys(pair.value, [...path, key], report);
        }
    } else if (YAML.isSeq(node)) {
        node.items.forEach((item, i) => duplicateKeys(item, [...path, i], report));
    }
}

/** Line of the deepest existing node on `p` (walks up when the key itself is missing). */
function lineOf(doc: YAML.Document, counter: YAML.LineCounter, p: IssuePath): number | undefined {
    for (let len = p.length; len >= 0; len -= 1) {
        const node = doc.getIn(p.slice(0, len), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
}

/** TypeScript objects as documents; `label` names them in messages. */
export function fromObjects(objects: readonly unknown[], label = "<inline>"): SourceResult {
    return { label, docs: objects.map((data, i) => ({ source: { file: label, doc: i + 1 }, data })), issues: [] };
}

export { formatPath };

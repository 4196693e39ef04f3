import { promises as fs } from "fs";
import * as path from "path";
import * as YAML from "yaml";
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

/** Parses one YAML/JSON text into documents; `file` is the label used in messages. */
export function parseText(text: string, file: string): { docs: RawDocument[]; issues: Issue[] } {
    const lineCounter = new YAML.LineCounter();
    const parsed = YAML.parseAllDocuments(text, { lineCounter, prettyErrors: false });
    const yamlDocs = Array.isArray(parsed) ? parsed : [];
    const docs: RawDocument[] = [];
    const issues: Issue[] = [];
    let n = 0;
    for (const yamlDoc of yamlDocs) {
        if (yamlDoc.errors.length > 0) {
            n += 1;
            for (const e of yamlDoc.errors) {
                issues.push({
                    severity: "error",
                    code: "syntax",
                    file,
                    doc: n,
                    line: lineCounter.linePos(e.pos[0]).line,
                    path: "",
                    message: `cannot parse: ${e.message.split("\n")[0]}`,
                    fix: "correct the YAML/JSON syntax at that line",
                });
            }
            continue;
        }
        const data: unknown = yamlDoc.toJS({ maxAliasCount: 100 });
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

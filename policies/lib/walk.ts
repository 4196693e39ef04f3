import { credentialKind, keyMaterialKind } from "./credentials";
import { configFile } from "./literals";
import { Scan, UNSEEN } from "./scan";

/**
 * Detection by value wherever a value sits: every string at any depth of a resource's inputs
 * (objects, arrays), and the documents strings carry: base64 (EC2 user data, Secret-style data),
 * and YAML or JSON config files and kubeconfigs, whose keys are then judged by name too. Values
 * are only peeked at (never remembered as unknown): an unknown value is an output of another
 * resource, not a literal, and must not make every resource unjudgeable.
 */

const MAX_DEPTH = 24;
/** Below this, base64 cannot hold any credential the detector knows. */
const MIN_BASE64 = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface Found {
    where: string;
    kind: string;
}

/** Options: keys whose subtrees another policy judges (reported once, there). */
export interface WalkOptions {
    skip?: (key: string, depth: number) => boolean;
}

/** Every credential found by value in a resource's inputs, located (`spec.values.auth`), never with the value. */
export function findByValue(scan: Scan, props: unknown, options: WalkOptions = {}): Found[] {
    const out: Found[] = [];
    walk(scan, props, "", 0, options, out);
    return out;
}

function walk(scan: Scan, node: unknown, where: string, depth: number, options: WalkOptions, out: Found[]): void {
    if (node === null || typeof node !== "object" || depth > MAX_DEPTH) return;
    // Indices from the length, never `node.map`: that reads every element through the analyzer's
    // proxy, which throws on the first unknown one.
    const keys: Array<string | number> = Array.isArray(node) ? Array.from({ length: node.length }, (_, i) => i) : Object.keys(node);
    for (const key of keys) {
        if (typeof key === "string" && options.skip?.(key, depth)) continue;
        const value = scan.peek(node, key);
        const at = typeof key === "number" ? `${where}[${key}]` : where ? `${where}.${key}` : key;
        if (value === UNSEEN || value === undefined) continue;
        if (typeof value === "string") judgeText(value, at, out, 0);
        else walk(scan, value, at, depth + 1, options, out);
    }
}

/** Judges one text: key material in it, else the document it encodes or is. */
export function judgeText(text: string, where: string, out: Found[], nesting: number): void {
    if (text.length < 16 || nesting > 2) return;
    const kind = keyMaterialKind(text);
    if (kind) {
        out.push({ where, kind });
        return;
    }
    const t = text.trim();
    if (t.length >= MIN_BASE64 && BASE64.test(t.replace(/\s+/g, ""))) {
        const decoded = Buffer.from(t, "base64").toString("utf8");
        // Only text decodes to text: binary (a certificate's DER, random bytes) is not a document.
        if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) judgeText(decoded, `${where} (base64)`, out, nesting + 1);
        return;
    }
    const doc = (t.includes("\n") || t.startsWith("{")) && t.length < 262_144 ? configFile(t) : undefined;
    if (doc) judgeDocument(doc, where, out, nesting, 0);
}

/** A parsed YAML/JSON document: plain values, judged by name and value with the shared detector. */
function judgeDocument(node: unknown, where: string, out: Found[], nesting: number, depth: number, name?: string): void {
    if (node === null || typeof node !== "object" || depth > MAX_DEPTH) return;
    for (const [k, v] of Object.entries(node)) {
        const key = Array.isArray(node) ? (name ?? k) : k;
        const at = Array.isArray(node) ? `${where}[${k}]` : `${where}: ${k}`;
        if (v !== null && typeof v === "object") judgeDocument(v, at, out, nesting, depth + 1, key);
        else {
            const kind = credentialKind(key, v);
            if (kind) out.push({ where: at, kind });
            else if (typeof v === "string") judgeText(v, at, out, nesting + 1);
        }
    }
}

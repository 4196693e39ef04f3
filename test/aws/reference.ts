import { appendFileSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";

/** Upstream reference data lives beside the repository, never in it: `<repo>/../shared/reference`. */
export const REFERENCE_ROOT = path.resolve(__dirname, "../../../shared/reference");

/**
 * The path of a reference file, and whether it exists. When it does not, the caller's
 * `describe.skipIf(!ref.exists)` skips and this warns, naming the missing path, so that a
 * skipped conformance check is visible in the test output.
 */
export function reference(rel: string): { path: string; exists: boolean } {
    const p = path.join(REFERENCE_ROOT, rel);
    const exists = existsSync(p);
    if (!exists) {
        console.warn(`[conformance skipped] reference file not found: ${p}`);
        // Counted by test/conformance-summary.ts, which prints one line at the end of `npm test`.
        const log = process.env.SPLITPLANE_CONFORMANCE_LOG;
        if (log) appendFileSync(log, `${rel}\n`);
    }
    return { path: p, exists };
}

export const readJson = (p: string): any => JSON.parse(readFileSync(p, "utf8"));
export const readYaml = (p: string): any => parse(readFileSync(p, "utf8"));

/** CloudFormation YAML with its short-form tags (`!Sub`, `!Ref`, `!GetAtt`) read as plain strings. */
export function readCloudFormation(p: string): any {
    const tag = (name: string) => ({ tag: `!${name}`, resolve: (value: string) => value });
    const docs = parseAllDocuments(readFileSync(p, "utf8"), { customTags: [tag("Sub"), tag("Ref"), tag("GetAtt")] });
    return docs[0].toJS();
}

/** Chart keys whose maps are Kubernetes data (label maps, affinity, resources), not chart settings. */
const FREE_FORM = new Set(["nodeSelector", "affinity", "annotations", "labels", "podLabels", "podAnnotations", "additionalLabels", "defaultTags", "resources"]);

/**
 * Whether every key path of `values` exists in the chart's reference `values.yaml`. Below an
 * empty map, a null, or a free-form Kubernetes map (nodeSelector, affinity, ...) anything goes.
 * Returns the unknown paths.
 */
export function unknownValueKeys(values: unknown, reference: unknown, at = ""): string[] {
    if (!isMap(values)) return [];
    if (!isMap(reference)) return [];
    const out: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        const here = at ? `${at}.${key}` : key;
        if (!(key in reference)) {
            out.push(here);
            continue;
        }
        const ref = reference[key];
        // An empty map or a null in the reference is an open slot (free-form).
        if (isMap(ref) && Object.keys(ref).length > 0 && !FREE_FORM.has(key)) out.push(...unknownValueKeys(value, ref, here));
    }
    return out;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

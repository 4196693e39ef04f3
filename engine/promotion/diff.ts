import { ProgramRun, RecordedResource } from "../resource";
import { toReportJson } from "../values";
import { CONTENT_ADDRESSED, REPLACING_INPUTS, needsReplacingInputs } from "./replacing-inputs";

/**
 * What a promotion does to a stack, from two offline plans of the same stack name (so URNs and
 * physical names compare): what it adds, what disappears, which inputs change, and which of
 * those changes make the provider replace the resource (`./replacing-inputs`).
 */
export interface InputChange {
    /** Input path (`vpcConfig.subnetIds`, `tags.Name`). */
    path: string;
    before: unknown;
    after: unknown;
}

export interface ChangedResource {
    urn: string;
    type: string;
    changes: InputChange[];
    /** Replacing inputs that change (table paths, or the resource's own `replaceOnChanges`). */
    replaces: string[];
    /** Replaced by design (content-addressed), so not counted against the promotion. */
    contentAddressed?: string;
}

export interface PromotionDiff {
    added: Array<{ urn: string; type: string }>;
    /** URNs of the current plan that the target plan no longer has (deleted on `up`). */
    removed: Array<{ urn: string; type: string }>;
    changed: ChangedResource[];
    /** Types the table has no row for: their replacements cannot be judged. */
    untabled: string[];
}

/** Whether the promotion only adds: nothing disappears, nothing outside the content-addressed exclusions would be replaced. */
export function isAdditive(diff: PromotionDiff): boolean {
    return diff.removed.length === 0 && diff.untabled.length === 0 && diff.changed.every((c) => c.replaces.length === 0 || c.contentAddressed !== undefined);
}

/** The replacements that break additivity, one line each (URN, inputs, before -> after). */
export function replacementLines(diff: PromotionDiff): string[] {
    return diff.changed
        .filter((c) => c.replaces.length > 0 && c.contentAddressed === undefined)
        .map((c) => `${c.urn}: replaces on ${c.replaces.map((p) => `${p} (${show(valueAt(c, p, "before"))} -> ${show(valueAt(c, p, "after"))})`).join(", ")}`);
}

function valueAt(c: ChangedResource, path: string, side: "before" | "after"): unknown {
    const exact = c.changes.find((x) => x.path === path);
    if (exact) return exact[side];
    const inside = c.changes.filter((x) => x.path.startsWith(`${path}.`) || x.path.startsWith(`${path}[`));
    return inside.length > 0 ? `{${inside.map((x) => `${x.path.slice(path.length)}: ${show(x[side])}`).join(", ")}}` : undefined;
}

export function show(v: unknown): string {
    const s = v === undefined ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Diffs two runs of the same stack name: `before` is the stack as it is, `after` the target. */
export function diffRuns(before: ProgramRun, after: ProgramRun): PromotionDiff {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    // A resource that moved with an alias is the same resource.
    const aliasOf = new Map<string, string>();
    for (const r of after.resources) for (const a of aliasUrns(r)) aliasOf.set(a, r.urn);
    const matched = new Set<string>();
    const added: PromotionDiff["added"] = [];
    const changed: ChangedResource[] = [];
    const untabled = new Set<string>();
    const byUrnAfter = new Map(after.resources.map((r) => [r.urn, r]));
    for (const r of after.resources) {
        const prev = old.get(r.urn) ?? aliasUrns(r).map((a) => old.get(a)).find((x) => x !== undefined);
        if (!prev) {
            if (r.type !== "pulumi:pulumi:Stack") added.push({ urn: r.urn, type: r.type });
            continue;
        }
        matched.add(prev.urn);
        if (!r.custom || r.read || r.type.startsWith("pulumi:providers:")) continue;
        const changes = inputChanges(toReportJson(prev.rawInputs), toReportJson(r.rawInputs));
        if (changes.length === 0) continue;
        const row = REPLACING_INPUTS[r.type];
        if (!row && needsReplacingInputs(r.type, r.custom)) untabled.add(r.type);
        const mutable = r.type === "kubernetes:core/v1:ConfigMap" && providerInputs(after, r).enableConfigMapMutable === "true";
        // A Kubernetes provider with enableConfigMapMutable updates a ConfigMap's data in place.
        const replacing = [...(row?.inputs ?? []).filter((p) => !(mutable && (p === "data" || p === "binaryData"))), ...r.options.replaceOnChanges];
        const replaces = replacing.filter((p) => changes.some((c) => c.path === p || c.path.startsWith(`${p}.`) || c.path.startsWith(`${p}[`) || changesWithin(c, p)));
        const parentType = r.parent ? byUrnAfter.get(r.parent)?.type : undefined;
        const ca = CONTENT_ADDRESSED.find((x) => x.type === r.type && x.parentType === parentType);
        changed.push({ urn: r.urn, type: r.type, changes, replaces, ...(ca ? { contentAddressed: ca.why } : {}) });
    }
    const removed = before.resources.filter((r) => !matched.has(r.urn) && !aliasOf.has(r.urn)).map((r) => ({ urn: r.urn, type: r.type }));
    return { added, removed, changed, untabled: [...untabled].sort() };
}

/**
 * The URNs a resource's aliases stand for: alias URNs as given, and alias specs that change the
 * name and/or the type (same parent, stack and project) resolved against the resource's URN.
 */
export function aliasUrns(r: RecordedResource): string[] {
    const out: string[] = [];
    for (const a of r.options.aliases) {
        if (typeof a === "string") {
            out.push(a);
            continue;
        }
        if (a.parentUrn !== undefined || a.noParent !== undefined || a.stack !== undefined || a.project !== undefined) continue;
        const m = /^(urn:pulumi:[^:]*::[^:]*::)(.*)::([^:]*)$/.exec(r.urn);
        if (!m) continue;
        const chain = m[2].split("$");
        if (typeof a.type === "string") chain[chain.length - 1] = a.type;
        out.push(`${m[1]}${chain.join("$")}::${typeof a.name === "string" ? a.name : m[3]}`);
    }
    return out;
}

function providerInputs(run: ProgramRun, r: RecordedResource): Record<string, unknown> {
    const urn = r.provider?.split("::").slice(0, -1).join("::");
    const provider = urn ? run.resources.find((x) => x.urn === urn) : undefined;
    return provider ? (toReportJson(provider.rawInputs) as Record<string, unknown>) : {};
}

/**
 * Whether a change at an ancestor of `path` (a block added or removed whole, such as a
 * `dataEncryption` that was unset) changes the value at `path` itself.
 */
function changesWithin(c: InputChange, path: string): boolean {
    if (!path.startsWith(`${c.path}.`)) return false;
    const at = (v: unknown): unknown => path.slice(c.path.length + 1).split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined), v);
    return JSON.stringify(at(c.before)) !== JSON.stringify(at(c.after));
}

/** Leaf-level differences of two JSON values, as input paths. Arrays compare whole (order matters to providers). */
export function inputChanges(a: unknown, b: unknown, prefix = ""): InputChange[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (isObj(a) && isObj(b)) {
        const out: InputChange[] = [];
        for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
            out.push(...inputChanges(a[key], b[key], prefix ? `${prefix}.${key}` : key));
        }
        return out;
    }
    return [{ path: prefix, before: a, after: b }];
}

/** Resources the program registers whose type has no row in the table (for the test that keeps it complete). */
export function typesWithoutRow(resources: readonly RecordedResource[]): string[] {
    return [...new Set(resources.filter((r) => !r.read && needsReplacingInputs(r.type, r.custom) && !REPLACING_INPUTS[r.type]).map((r) => r.type))].sort();
}

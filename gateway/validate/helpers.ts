import type { GatewayConfigSet } from "../config-set";
import { type DocSource, type IssuePath, type IssueSink, show } from "../issues";
import { type NormalWhen, covers, isCatchAll, normalizeWhen } from "../match";
import { METADATA_VALUE_MAX, type RuleWhen } from "../schema";

/** Checks shared by several rule kinds. */

/** `user:<email or name>`, `team:<name>`, `virtualaccount:<name>`. */
export const SUBJECT_PATTERN = /^(user:[^\s:,]+|team:[A-Za-z0-9][A-Za-z0-9._-]*|virtualaccount:[A-Za-z0-9][A-Za-z0-9._-]*)$/;

export function checkSubject(sink: IssueSink, src: DocSource, path: IssuePath, subject: string): void {
    if (SUBJECT_PATTERN.test(subject)) return;
    sink.error("subject", src, path, `malformed subject ${show(subject)}`, "write user:<email>, team:<name> or virtualaccount:<name>");
}

/** Each rule id once per config. */
export function checkUniqueIds(sink: IssueSink, src: DocSource, rules: ReadonlyArray<{ id: string }>, kind: string): void {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
        const first = seen.get(r.id);
        if (first === undefined) seen.set(r.id, i);
        else sink.error("duplicate-id", src, ["rules", i, "id"], `${kind} rule id "${r.id}" is already used by rules[${first}]`, "give every rule its own id: logs and x-tfy-applied-configurations report rules by id");
    });
}

/** Checks a `when` block: subjects, empty lists, model names and metadata against the contract. */
export function checkWhen(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, when: RuleWhen): void {
    for (const key of ["subjects", "models"] as const) {
        const list = when[key];
        if (list && list.length === 0) {
            sink.error("empty-condition", src, [...path, key], `empty ${key} list`, `omit ${key} to match every ${key === "models" ? "model" : "caller"}, or list at least one`);
        }
    }
    when.subjects?.forEach((s, i) => checkSubject(sink, src, [...path, "subjects", i], s));
    when.models?.forEach((m, i) => checkModelName(set, sink, src, [...path, "models", i], m));
    for (const [k, v] of Object.entries(when.metadata ?? {})) checkMetadataValue(set, sink, src, [...path, "metadata", k], k, v);
}

/** A model named in a `when` must exist, or the rule matches nothing. */
export function checkModelName(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, model: string): void {
    if (set.catalogIncomplete || set.models.has(model) || set.virtualModels.has(model)) return;
    sink.error("unknown-model", src, path, `model "${model}" is neither a catalog model nor a virtual model, so this condition never matches`,
        `use one of ${sample([...set.models.keys(), ...set.virtualModels.keys()])}`);
}

const patternCache = new Map<string, RegExp | null>();
export function compilePattern(pattern: string): RegExp | null {
    let re = patternCache.get(pattern);
    if (re === undefined) {
        try {
            re = new RegExp(pattern);
        } catch {
            re = null;
        }
        patternCache.set(pattern, re);
    }
    return re;
}

/** A metadata key must be in the contract, and a value the contract allows, or the rule can never match. */
export function checkMetadataValue(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, key: string, value: string): void {
    if (!checkMetadataKey(set, sink, src, path, key)) return;
    const spec = set.contract.metadata.find((m) => m.key === key)!;
    if (value.length > METADATA_VALUE_MAX) {
        sink.error("metadata-value", src, path, `value is ${value.length} characters; metadata values are at most ${METADATA_VALUE_MAX}`, "shorten the value");
    } else if (spec.values && !spec.values.includes(value)) {
        sink.error("metadata-value", src, path, `${key}=${show(value)} is not an allowed value (${spec.values.join(", ")}), so no valid request matches`, `use one of the contract's values or add ${show(value)} to it`);
    } else if (spec.pattern && compilePattern(spec.pattern)?.test(value) === false) {
        sink.error("metadata-value", src, path, `${key}=${show(value)} does not match the contract pattern /${spec.pattern}/, so no valid request matches`, "correct the value or the pattern");
    }
}

/** True when `key` is declared in the contract; reports it otherwise. */
export function checkMetadataKey(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, key: string): boolean {
    if (set.contract.metadata.some((m) => m.key === key)) return true;
    sink.error("metadata-undeclared", src, path, `metadata key "${key}" is not declared in the metadata contract`,
        set.contractSource ? `declare it under metadata in the splitplane/gateway-contract document (${set.contractSource.file})` : "add a splitplane/gateway-contract document that declares it");
    return false;
}

/**
 * `rate_limit_applies_per` / `budget_applies_per`: at most two entries, each from `allowed` or
 * `metadata.<declared key>`, no repeats.
 */
export function checkAppliesPer(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, entries: readonly string[] | undefined, allowed: readonly string[]): void {
    if (!entries) return;
    if (entries.length > 2) {
        sink.error("applies-per", src, path, `${entries.length} entries (${entries.join(", ")}); the gateway keys counters on at most two`, "keep the two dimensions that matter and split the rest into separate rules");
    }
    const seen = new Set<string>();
    entries.forEach((e, i) => {
        if (seen.has(e)) sink.error("applies-per", src, [...path, i], `"${e}" is listed twice`, "remove the repeat");
        seen.add(e);
        if (e.startsWith("metadata.")) checkMetadataKey(set, sink, src, [...path, i], e.slice("metadata.".length));
        else if (!allowed.includes(e)) sink.error("applies-per", src, [...path, i], `"${e}" is not a counter dimension`, `use ${allowed.join(", ")} or metadata.<key>`);
    });
}

/**
 * First-match shadowing: a rule that an earlier rule matches in full can never apply.
 * Returns the normalised `when` blocks for further checks.
 */
export function checkShadowing(sink: IssueSink, src: DocSource, rules: ReadonlyArray<{ id: string; when: RuleWhen }>, kind: string, severity: "error" | "warning", skipCatchAll: boolean): NormalWhen[] {
    const norm = rules.map((r) => normalizeWhen(r.when));
    for (let j = 1; j < norm.length; j += 1) {
        for (let i = 0; i < j; i += 1) {
            if (skipCatchAll && isCatchAll(norm[i]!)) continue; // reported once by the catch-all check
            if (!covers(norm[i]!, norm[j]!)) continue;
            const what = severity === "error" ? "never applies" : "never decides (its spend is still counted)";
            sink.add(severity, "shadowed-rule", src, ["rules", j], `${kind} rule "${rules[j]!.id}" ${what}: the earlier rule "${rules[i]!.id}" (rules[${i}]) matches every request it matches, and the first match wins`,
                `move "${rules[j]!.id}" above "${rules[i]!.id}", narrow the earlier rule, or delete the unreachable one`);
            break;
        }
    }
    return norm;
}

/** A short list of valid names for a message. */
export function sample(names: readonly string[]): string {
    if (names.length === 0) return "(none defined)";
    const head = names.slice(0, 5).join(", ");
    return names.length > 5 ? `${head}, … (${names.length} in all)` : head;
}

import { type GatewayConfigSet, isUnresolved } from "../config-set";
import { type DocSource, type IssuePath, type IssueSink, didYouMean, show } from "../issues";
import { type NormalWhen, covers, isCatchAll, normalizeWhen } from "../match";
import { METADATA_VALUE_MAX, type RuleWhen } from "../schema";

/** Checks shared by several rule kinds. */

/** `user:<email or name>`, `team:<name>`, `virtualaccount:<name>`, `external-identity:<name>` (the model's `Subject.type`). */
export const SUBJECT_PATTERN = /^(user:[^\s:,]+|team:[A-Za-z0-9][A-Za-z0-9._-]*|virtualaccount:[A-Za-z0-9][A-Za-z0-9._-]*|external-identity:[^\s,]+)$/;

export function checkSubject(sink: IssueSink, src: DocSource, path: IssuePath, subject: string): void {
    if (SUBJECT_PATTERN.test(subject)) return;
    sink.report("subject", src, path, {
        message: "malformed subject: the server stores it, but it names no caller, so the condition never matches",
        expected: "user:<email>, team:<name>, virtualaccount:<name> or external-identity:<name>",
        actual: show(subject),
        fix: "write the subject with its kind",
    });
}

/** Each rule id once per config. */
export function checkUniqueIds(sink: IssueSink, src: DocSource, rules: ReadonlyArray<{ id: string }>, kind: string): void {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
        const first = seen.get(r.id);
        if (first === undefined) seen.set(r.id, i);
        else {
            sink.report("duplicate-id", src, ["rules", i, "id"], {
                message: `${kind} rule id "${r.id}" is already used by rules[${first}]`,
                expected: "an id no other rule of this config has",
                actual: JSON.stringify(r.id),
                fix: "give every rule its own id: logs and x-tfy-applied-configurations report rules by id",
            });
        }
    });
}

/** Checks a `when` block: subjects, empty lists, model names and metadata against the contract. */
export function checkWhen(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, when: RuleWhen): void {
    for (const key of ["subjects", "models"] as const) {
        const list = when[key];
        if (list && list.length === 0) {
            sink.report("empty-condition", src, [...path, key], {
                message: `empty ${key} list, whose meaning differs across gateway versions (everything, or nothing)`,
                expected: `${key} omitted, or at least one entry`,
                actual: "[]",
                fix: `omit ${key} to match every ${key === "models" ? "model" : "caller"}, or list at least one`,
            });
        }
    }
    when.subjects?.forEach((s, i) => checkSubject(sink, src, [...path, "subjects", i], s));
    when.models?.forEach((m, i) => checkModelName(set, sink, src, [...path, "models", i], m));
    for (const [k, v] of Object.entries(when.metadata ?? {})) checkMetadataValue(set, sink, src, [...path, "metadata", k], k, v);
}

/** Every name a request may ask for: catalog models, virtual models and their slugs. */
export function requestableNames(set: GatewayConfigSet): string[] {
    return [...set.models.keys(), ...set.virtualModels.keys(), ...set.slugs.keys()];
}

/** A model named in a `when` must exist, or the rule matches nothing. */
export function checkModelName(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, model: string): void {
    if (set.catalogIncomplete || isUnresolved(set, model) || set.models.has(model) || set.virtualModels.has(model) || set.slugs.has(model)) return;
    const names = requestableNames(set);
    const mean = didYouMean(model, names);
    sink.report("unknown-model", src, path, {
        message: "neither a catalog model nor a virtual model, so this condition never matches",
        expected: `one of ${sample(names)}`,
        actual: JSON.stringify(model),
        fix: mean ? `write ${mean}` : "name a model of the catalog",
        ...(mean ? { didYouMean: mean } : {}),
    });
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
    const spec = set.contract.metadata.find((m) => m.key === key);
    if (!spec) return; // the contract failed its schema
    const report = (expected: string, message: string, fix: string) => sink.report("metadata-value", src, path, { message, expected, actual: value.length > METADATA_VALUE_MAX ? `${value.length} characters` : show(value), fix });
    if (value.length > METADATA_VALUE_MAX) report(`at most ${METADATA_VALUE_MAX} characters`, "metadata values are at most 128 characters, so no request carries this one", "shorten the value");
    else if (spec.values && !spec.values.includes(value)) report(`one of ${spec.values.join(", ")}`, `${key} is not an allowed value of the metadata contract, so no valid request matches`, `use one of the contract's values or add ${show(value)} to it`);
    else if (spec.pattern && compilePattern(spec.pattern)?.test(value) === false) report(`a value matching /${spec.pattern}/`, `${key} does not match the contract pattern, so no valid request matches`, "correct the value or the pattern");
}

/** True when `key` is declared in the contract (or cannot be judged); reports it otherwise. */
export function checkMetadataKey(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, key: string): boolean {
    if (set.contractIncomplete || set.contract.metadata.some((m) => m.key === key)) return true;
    const declared = set.contract.metadata.map((m) => m.key);
    const mean = didYouMean(key, declared);
    sink.report("metadata-undeclared", src, path, {
        message: `metadata key "${key}" is not declared in the metadata contract`,
        expected: declared.length > 0 ? `one of ${declared.join(", ")}` : "a key declared in a splitplane/gateway-contract document",
        actual: JSON.stringify(key),
        fix: set.contractSource ? `declare it under metadata in the splitplane/gateway-contract document (${set.contractSource.file})` : "add a splitplane/gateway-contract document that declares it",
        ...(mean ? { didYouMean: mean } : {}),
    });
    return false;
}

/**
 * `rate_limit_applies_per` / `budget_applies_per`: at most `max` entries, each from `allowed` or
 * `metadata.<declared key>`, no repeats.
 */
export function checkAppliesPer(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, entries: readonly string[] | undefined, allowed: readonly string[], max: number, why: string): void {
    if (!entries) return;
    if (entries.length > max) {
        sink.report("applies-per", src, path, {
            message: `too many counter dimensions: ${why}`,
            expected: `at most ${max} entr${max === 1 ? "y" : "ies"}`,
            actual: `${entries.length} (${entries.join(", ")})`,
            fix: "keep the dimensions that matter and split the rest into separate rules",
        });
    }
    const seen = new Set<string>();
    entries.forEach((e, i) => {
        if (seen.has(e)) sink.report("applies-per", src, [...path, i], { message: "listed twice", expected: "each dimension once", actual: JSON.stringify(e), fix: "remove the repeat" });
        seen.add(e);
        if (e.startsWith("metadata.")) checkMetadataKey(set, sink, src, [...path, i], e.slice("metadata.".length));
        else if (!allowed.includes(e)) {
            const mean = didYouMean(e, allowed);
            sink.report("applies-per", src, [...path, i], {
                message: "not a counter dimension: the gateway keeps one shared counter instead",
                expected: `${allowed.join(", ")} or metadata.<key>`,
                actual: JSON.stringify(e),
                fix: mean ? `write ${mean}` : "use one of the listed dimensions",
                ...(mean ? { didYouMean: mean } : {}),
            });
        }
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
            sink.report("shadowed-rule", src, ["rules", j], {
                severity,
                message: `${kind} rule "${rules[j]!.id}" ${severity === "error" ? "never applies" : "never decides (its spend is still counted)"}: the earlier rule "${rules[i]!.id}" (rules[${i}]) matches every request it matches, and the first match wins`,
                expected: "a rule some request reaches first",
                actual: `shadowed by rules[${i}]`,
                fix: `move "${rules[j]!.id}" above "${rules[i]!.id}", narrow the earlier rule, or delete the unreachable one`,
            });
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

import type { GuardrailRule, RuleWhen } from "./schema";

/**
 * Rule matching, shared by the simulator (does this rule match this request?) and by validation
 * (does this earlier rule match every request the later one matches?). Both must agree, so they
 * live together.
 */

/** The parts of a request that rules can match on. */
export interface RequestFacts {
    /** Requested model, as the client sends it (`<account>/<model>` or a virtual model). */
    readonly model: string;
    /** The caller and the teams it belongs to, e.g. `["user:ana@example.com", "team:search"]`. */
    readonly subjects: readonly string[];
    /** `X-TFY-METADATA` keys and values. */
    readonly metadata: Readonly<Record<string, string>>;
    /** For MCP tool calls: the MCP server invoked. */
    readonly mcpServer?: string;
}

/** A `when` block in a form that is cheap to compare many times (500 rules → 125k pairs). */
export interface NormalWhen {
    readonly subjects?: ReadonlySet<string>;
    readonly models?: ReadonlySet<string>;
    readonly metadata: ReadonlyMap<string, string>;
}

/** An omitted or empty condition does not filter. Empty lists are reported separately by validation. */
export function normalizeWhen(when: RuleWhen): NormalWhen {
    return {
        subjects: when.subjects && when.subjects.length > 0 ? new Set(when.subjects) : undefined,
        models: when.models && when.models.length > 0 ? new Set(when.models) : undefined,
        metadata: new Map(Object.entries(when.metadata ?? {})),
    };
}

export function isCatchAll(w: NormalWhen): boolean {
    return !w.subjects && !w.models && w.metadata.size === 0;
}

/** All present conditions must hold (subjects, models and metadata are ANDed). */
export function matches(w: NormalWhen, req: RequestFacts): boolean {
    if (w.models && !w.models.has(req.model)) return false;
    if (w.subjects && !req.subjects.some((s) => w.subjects!.has(s))) return false;
    for (const [k, v] of w.metadata) if (req.metadata[k] !== v) return false;
    return true;
}

/**
 * True when every request `narrower` matches is also matched by `broader`, judged on the strings
 * alone (team membership is not known offline, so `team:x` never covers `user:y`).
 */
export function covers(broader: NormalWhen, narrower: NormalWhen): boolean {
    if (broader.subjects) {
        if (!narrower.subjects) return false;
        for (const s of narrower.subjects) if (!broader.subjects.has(s)) return false;
    }
    if (broader.models) {
        if (!narrower.models) return false;
        for (const m of narrower.models) if (!broader.models.has(m)) return false;
    }
    for (const [k, v] of broader.metadata) if (narrower.metadata.get(k) !== v) return false;
    return true;
}

/**
 * v0.116 guardrail `when`. A rule without a target has no effect (TrueFoundry's guardrails page);
 * target conditions are ORed (the only operator the server takes), subject conditions combined by
 * their operator (default `and`); `"*"` among model values matches every model.
 */
export function guardrailRuleMatches(rule: GuardrailRule, req: RequestFacts): boolean {
    const { target, subjects, metadata } = rule.when;
    if (!target) return false;
    const { model, mcpServers, mcpTools } = target.conditions;
    const results: boolean[] = [];
    // A condition on an attribute the request does not have (an MCP server on an LLM call) does not hold.
    if (model) results.push(inOrNotIn(model.condition ?? "in", model.values, req.mcpServer === undefined ? req.model : undefined));
    if (mcpServers) results.push(inOrNotIn(mcpServers.condition ?? "in", mcpServers.values, req.mcpServer));
    if (mcpTools) results.push(inOrNotIn(mcpTools.condition ?? "in", mcpTools.values.map((t) => t.name), req.mcpServer));
    if (!results.some(Boolean)) return false;
    if (subjects) {
        const r: boolean[] = [];
        if (subjects.conditions.in) r.push(req.subjects.some((s) => subjects.conditions.in!.includes(s)));
        if (subjects.conditions.not_in) r.push(!req.subjects.some((s) => subjects.conditions.not_in!.includes(s)));
        if (r.length > 0 && !combine(subjects.operator ?? "and", r)) return false;
    }
    for (const [k, v] of Object.entries(metadata ?? {})) if (req.metadata[k] !== v) return false;
    return true;
}

function inOrNotIn(condition: "in" | "not_in", values: readonly string[], actual: string | undefined): boolean {
    if (actual === undefined) return false;
    const hit = values.includes("*") || values.includes(actual);
    return condition === "in" ? hit : !hit;
}

function combine(operator: "and" | "or", results: readonly boolean[]): boolean {
    return operator === "and" ? results.every(Boolean) : results.some(Boolean);
}

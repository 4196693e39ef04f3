import type { GatewayConfigSet } from "./config-set";
import { type RequestFacts, guardrailRuleMatches, matches, normalizeWhen } from "./match";
import {
    DEFAULT_FALLBACK_STATUS_CODES,
    DEFAULT_RETRY_DELAY_MS,
    DEFAULT_RETRY_STATUS_CODES,
    GUARDRAIL_HOOKS,
    type GuardrailHook,
    type LoadBalanceTarget,
    METADATA_VALUE_MAX,
    type RoutingStrategy,
} from "./schema";
import { compilePattern } from "./validate/helpers";

/**
 * Route simulation: what the pinned gateway would do with one request, from the config alone.
 * Routing, rate limits and budgets: first matching rule. Guardrails: every matching rule, combined.
 * Latency-based order is decided at run time, so it is reported as listed.
 */

export interface RouteRequest {
    readonly model: string;
    /** The caller, e.g. `user:ana@example.com`. */
    readonly subject?: string;
    /** Further subjects of the caller (its teams, a virtual account). */
    readonly subjects?: readonly string[];
    readonly metadata?: Readonly<Record<string, string>>;
    /** Set for an MCP tool call: the MCP server invoked. */
    readonly mcpServer?: string;
}

export interface SimulatedTarget {
    readonly target: string;
    /** weight-based: percentage of first attempts. */
    readonly weight?: number;
    /** priority-based: lower is tried first. */
    readonly priority?: number;
    readonly retry: { readonly attempts: number; readonly delay_ms: number; readonly on_status_codes: readonly string[] } | null;
    readonly fallback_status_codes: readonly string[];
    readonly fallback_candidate: boolean;
}

export interface AppliedGuardrail {
    readonly selector: string;
    readonly operation: "validate" | "mutate" | "unknown";
    readonly enforcing_strategy: "audit" | "enforce_but_ignore_on_error" | "enforce" | "unknown";
    readonly priority?: number;
    /** Ids of the matching rules that attach it. */
    readonly rules: readonly string[];
}

export interface RouteReport {
    readonly request: { model: string; subjects: string[]; metadata: Record<string, string>; mcpServer?: string };
    readonly modelKind: "catalog" | "virtual" | "unknown";
    /** Where the request breaks the metadata contract (it still routes; counters may not). */
    readonly metadataProblems: string[];
    readonly routing: {
        readonly via: "virtual-model" | "routing-rule" | "direct";
        readonly ruleId?: string;
        readonly strategy?: RoutingStrategy;
        readonly targets: readonly SimulatedTarget[];
        readonly note: string;
    };
    readonly rateLimit: { ruleId: string; limit_to: number; unit: string; applies_per: readonly string[] } | null;
    readonly budget: { ruleId: string; limit_to: number; unit: string; applies_per: readonly string[]; audit_mode: boolean; alsoCountedAgainst: string[] } | null;
    /** Per hook, in execution order: mutate guardrails by priority, then validate guardrails (parallel). */
    readonly guardrails: Record<GuardrailHook, AppliedGuardrail[]>;
}

export function simulateRoute(set: GatewayConfigSet, request: RouteRequest): RouteReport {
    const subjects = [...(request.subject ? [request.subject] : []), ...(request.subjects ?? [])];
    const metadata = { ...(request.metadata ?? {}) };
    const facts: RequestFacts = { model: request.model, subjects, metadata, mcpServer: request.mcpServer };
    const modelKind = set.virtualModels.has(request.model) || set.slugs.has(request.model) ? "virtual" : set.models.has(request.model) ? "catalog" : "unknown";

    return {
        request: { model: request.model, subjects, metadata, ...(request.mcpServer ? { mcpServer: request.mcpServer } : {}) },
        modelKind,
        metadataProblems: metadataProblems(set, metadata),
        routing: route(set, facts, modelKind),
        rateLimit: firstRateLimit(set, facts),
        budget: firstBudget(set, facts),
        guardrails: guardrails(set, facts),
    };
}

function route(set: GatewayConfigSet, facts: RequestFacts, kind: RouteReport["modelKind"]): RouteReport["routing"] {
    const rules = set.routing?.value.rules ?? [];
    const rule = rules.find((r) => matches(normalizeWhen(r.when), facts));
    const vm = set.virtualModels.get(set.slugs.get(facts.model) ?? facts.model);
    if (vm) {
        const rc = vm.model.routing_config;
        const also = rule ? ` A routing rule ("${rule.id}") also matches; which one wins is undocumented.` : "";
        return { via: "virtual-model", strategy: rc.type, targets: ordered(rc.type, rc.load_balance_targets), note: `virtual model ${facts.model}.${also}${strategyNote(rc.type)}` };
    }
    if (rule) {
        return { via: "routing-rule", ruleId: rule.id, strategy: rule.type, targets: ordered(rule.type, rule.load_balance_targets), note: `first matching routing rule.${strategyNote(rule.type)}` };
    }
    if (kind === "unknown") return { via: "direct", targets: [], note: `"${facts.model}" is not in the catalog and no rule routes it: the gateway rejects the request` };
    return { via: "direct", targets: [toSimulated({ target: facts.model })], note: "no routing rule matches: sent to the model as requested, without retries or fallback" };
}

function strategyNote(strategy: RoutingStrategy): string {
    switch (strategy) {
        case "weight-based-routing":
            return " First attempt drawn by weight; on a fallback status code the next candidates are tried.";
        case "latency-based-routing":
            return " Order decided at run time: targets within 1.2x of the fastest recent time per output token are preferred.";
        case "priority-based-routing":
            return " Tried in priority order; a target moves on to the next candidate on its fallback status codes.";
        default: {
            const never: never = strategy;
            return never;
        }
    }
}

function ordered(strategy: RoutingStrategy, targets: readonly LoadBalanceTarget[]): SimulatedTarget[] {
    const list = targets.map(toSimulated);
    if (strategy === "weight-based-routing") return list.sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
    if (strategy === "priority-based-routing") return list.map((t) => ({ ...t, priority: t.priority ?? 0 })).sort((a, b) => a.priority - b.priority);
    return list;
}

function toSimulated(t: LoadBalanceTarget): SimulatedTarget {
    return {
        target: t.target,
        ...(t.weight !== undefined ? { weight: t.weight } : {}),
        ...(t.priority !== undefined ? { priority: t.priority } : {}),
        // Omitted fields are the server's defaults, shown as they apply.
        retry: t.retry_config ? { attempts: t.retry_config.attempts, delay_ms: t.retry_config.delay ?? DEFAULT_RETRY_DELAY_MS, on_status_codes: t.retry_config.on_status_codes ?? DEFAULT_RETRY_STATUS_CODES } : null,
        fallback_status_codes: t.fallback_status_codes ?? DEFAULT_FALLBACK_STATUS_CODES,
        fallback_candidate: t.fallback_candidate !== false,
    };
}

function firstRateLimit(set: GatewayConfigSet, facts: RequestFacts): RouteReport["rateLimit"] {
    const rule = set.rateLimits?.value.rules.find((r) => matches(normalizeWhen(r.when), facts));
    return rule ? { ruleId: rule.id, limit_to: rule.limit_to, unit: rule.unit, applies_per: rule.rate_limit_applies_per ?? [] } : null;
}

function firstBudget(set: GatewayConfigSet, facts: RequestFacts): RouteReport["budget"] {
    const matching = (set.budgets?.value.rules ?? []).filter((r) => matches(normalizeWhen(r.when), facts));
    const [rule, ...rest] = matching;
    if (!rule) return null;
    return {
        ruleId: rule.id,
        limit_to: rule.limit_to,
        unit: rule.unit,
        applies_per: rule.budget_applies_per ?? [],
        audit_mode: rule.audit_mode === true,
        alsoCountedAgainst: rest.map((r) => r.id),
    };
}

function guardrails(set: GatewayConfigSet, facts: RequestFacts): RouteReport["guardrails"] {
    const out = Object.fromEntries(GUARDRAIL_HOOKS.map((h) => [h, [] as AppliedGuardrail[]])) as Record<GuardrailHook, AppliedGuardrail[]>;
    const byHook = new Map<GuardrailHook, Map<string, string[]>>(GUARDRAIL_HOOKS.map((h) => [h, new Map()]));
    for (const rule of set.guardrails?.value.rules ?? []) {
        if (!guardrailRuleMatches(rule, facts)) continue;
        for (const hook of GUARDRAIL_HOOKS) {
            for (const sel of rule[hook]) {
                const m = byHook.get(hook)!;
                m.set(sel, [...(m.get(sel) ?? []), rule.id]);
            }
        }
    }
    const isMcp = facts.mcpServer !== undefined;
    for (const hook of GUARDRAIL_HOOKS) {
        if (hook.startsWith("mcp_") !== isMcp) continue; // an LLM call never reaches the MCP hooks, and vice versa
        const applied = [...byHook.get(hook)!].map(([selector, rules]): AppliedGuardrail => {
            const gi = set.guardrailIntegrations.get(selector);
            return gi
                ? { selector, operation: gi.operation, enforcing_strategy: gi.enforcing_strategy, ...(gi.operation === "mutate" ? { priority: gi.priority } : {}), rules }
                : { selector, operation: "unknown", enforcing_strategy: "unknown", rules };
        });
        const rank = (g: AppliedGuardrail) => (g.operation === "mutate" ? 0 : 1);
        out[hook] = applied.sort((a, b) => rank(a) - rank(b) || (a.priority ?? 0) - (b.priority ?? 0));
    }
    return out;
}

function metadataProblems(set: GatewayConfigSet, metadata: Readonly<Record<string, string>>): string[] {
    const problems: string[] = [];
    for (const spec of set.contract.metadata) {
        const v = metadata[spec.key];
        if (v === undefined) {
            if (spec.required) problems.push(`missing required key "${spec.key}": rules keyed on it do not match; the catch-all rules apply`);
        } else if (v.length > METADATA_VALUE_MAX) {
            problems.push(`"${spec.key}" is ${v.length} characters; values are at most ${METADATA_VALUE_MAX}`);
        } else if (spec.values && !spec.values.includes(v)) {
            problems.push(`"${spec.key}"="${v}" is not one of ${spec.values.join(", ")}`);
        } else if (spec.pattern && compilePattern(spec.pattern)?.test(v) === false) {
            problems.push(`"${spec.key}"="${v}" does not match /${spec.pattern}/`);
        }
    }
    for (const k of Object.keys(metadata)) {
        if (!set.contract.metadata.some((m) => m.key === k)) problems.push(`"${k}" is not in the metadata contract`);
    }
    return problems;
}

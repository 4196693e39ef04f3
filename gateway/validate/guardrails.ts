import { isUnresolved, type GatewayConfigSet } from "../config-set";
import { type IssueSink, didYouMean } from "../issues";
import { GUARDRAIL_HOOKS, type GuardrailRule } from "../schema";
import { checkMetadataValue, checkModelName, checkSubject, checkUniqueIds, sample } from "./helpers";

/** Guardrail groups and `gateway-guardrails-config` rules (v0.116 schema). */

const LLM_HOOKS = new Set(["llm_input_guardrails", "llm_output_guardrails"]);

/** Where the environment stands: guardrails by phase are judged only when the phase is known. */
export interface GuardrailPolicy {
    readonly phase?: number;
    /** The stack's environment tier (`dev`, `staging`, `prod`), matched against `metadata.environment`. */
    readonly environment?: string;
}

export function checkGuardrails(set: GatewayConfigSet, sink: IssueSink, policy: GuardrailPolicy = {}): void {
    for (const g of set.guardrailGroups) {
        const byPriority = new Map<number, string>();
        g.value.integrations.forEach((gi, i) => {
            const eff = set.guardrailIntegrations.get(`${g.value.name}/${gi.name}`);
            if (!eff) return;
            if (eff.operation === "validate" && "priority" in gi && gi.priority !== undefined) {
                sink.report("guardrail-priority", g.source, ["integrations", i, "priority"], { message: `validate guardrail "${gi.name}" has a priority, but validate guardrails run in parallel`, expected: "no priority on a validate guardrail", actual: String(gi.priority), fix: "remove priority" });
            }
            if (eff.operation !== "mutate") return;
            const other = byPriority.get(eff.priority);
            if (other) {
                sink.report("guardrail-priority", g.source, ["integrations", i, "priority"], { message: `mutate guardrails "${other}" and "${gi.name}" share priority ${eff.priority}${"priority" in gi && gi.priority !== undefined ? "" : " (the default)"}, so their order is undefined`, expected: "a priority no other mutate guardrail of the group has", actual: String(eff.priority), fix: "give each mutate guardrail its own priority (lower runs first)" });
            } else byPriority.set(eff.priority, gi.name);
        });
    }

    const doc = set.guardrails;
    checkPhase(set, sink, policy);
    if (!doc) return;
    const { rules } = doc.value;
    checkUniqueIds(sink, doc.source, rules, "guardrail");
    rules.forEach((rule, i) => {
        const base = ["rules", i];
        const target = rule.when.target;
        const c = target?.conditions;
        const hasModel = c?.model !== undefined;
        const hasMcp = c?.mcpServers !== undefined || c?.mcpTools !== undefined;
        if (!target) {
            sink.report("guardrail-target", doc.source, [...base, "when", "target"], { message: `guardrail rule "${rule.id}" has no target, and a rule without one has no effect (guardrails.md)`, expected: "when.target with a model or MCP condition (model values [\"*\"] for every model)", actual: "no target", fix: "add when.target: {operator: or, conditions: {model: {condition: in, values: [\"*\"]}}}" });
        } else if (!hasModel && !hasMcp) {
            sink.report("guardrail-target", doc.source, [...base, "when", "target", "conditions"], { message: "the target has no condition, so the rule matches nothing", expected: "a model, mcpServers or mcpTools condition", actual: "{}", fix: "add a condition, e.g. model values [\"*\"]" });
        }
        c?.model?.values.forEach((m, k) => {
            if (m !== "*") checkModelName(set, sink, doc.source, [...base, "when", "target", "conditions", "model", "values", k], m);
        });
        const subjects = rule.when.subjects?.conditions;
        for (const key of ["in", "not_in"] as const) subjects?.[key]?.forEach((s, k) => checkSubject(sink, doc.source, [...base, "when", "subjects", "conditions", key, k], s));
        for (const [k, v] of Object.entries(rule.when.metadata ?? {})) checkMetadataValue(set, sink, doc.source, [...base, "when", "metadata", k], k, v);

        let total = 0;
        for (const hook of GUARDRAIL_HOOKS) {
            const selectors = rule[hook];
            total += selectors.length;
            if (selectors.length > 0 && target && (hasModel || hasMcp)) {
                const fits = LLM_HOOKS.has(hook) ? hasModel : hasMcp;
                if (!fits) {
                    sink.report("guardrail-hook", doc.source, [...base, hook], {
                        message: `${hook} on a rule that targets only ${LLM_HOOKS.has(hook) ? "MCP servers" : "models"}: these guardrails never run`,
                        expected: LLM_HOOKS.has(hook) ? "a model condition in the target" : "an mcpServers or mcpTools condition in the target",
                        actual: LLM_HOOKS.has(hook) ? "MCP conditions only" : "a model condition only",
                        fix: LLM_HOOKS.has(hook) ? "move them to a rule whose target has a model condition" : "move them to a rule whose target has an mcpServers condition",
                    });
                }
            }
            const seen = new Set<string>();
            selectors.forEach((sel, k) => {
                if (seen.has(sel)) sink.report("guardrail-selector", doc.source, [...base, hook, k], { severity: "warning", message: `listed twice in ${hook}`, expected: "each selector once", actual: JSON.stringify(sel), fix: "remove the repeat" });
                seen.add(sel);
                if (set.guardrailCatalogIncomplete || set.guardrailIntegrations.has(sel) || isUnresolved(set, sel)) return;
                const names = [...set.guardrailIntegrations.keys()];
                const mean = didYouMean(sel, names);
                sink.report("guardrail-selector", doc.source, [...base, hook, k], { message: "no guardrail config group defines this guardrail", expected: `<group>/<integration>, one of ${sample(names)}`, actual: JSON.stringify(sel), fix: mean ? `write ${mean}` : "define it in a guardrail config group", ...(mean ? { didYouMean: mean } : {}) });
            });
        }
        if (total === 0) sink.report("empty-rule", doc.source, base, { message: `guardrail rule "${rule.id}" attaches no guardrail to any hook`, expected: "at least one selector", actual: "four empty hooks", fix: "add selectors to a hook or delete the rule" });
    });
}

/** Strategies in rollout order; a higher index is stricter. */
const STRICTNESS = ["audit", "enforce_but_ignore_on_error", "enforce"] as const;

/**
 * Governance: guardrails by phase (DESIGN: phase 1 standardises LLM access with guardrails in audit;
 * phase 3 enforces in staging and is strict in prod). From phase 1, some rule must guard LLM input;
 * from phase 3, the LLM input guardrails that apply to the environment's traffic (rules without a
 * subject condition whose metadata is absent or `environment: <tier>`) must include one at least
 * `enforce_but_ignore_on_error` in staging and one `enforce` in prod.
 */
function checkPhase(set: GatewayConfigSet, sink: IssueSink, policy: GuardrailPolicy): void {
    const { phase, environment } = policy;
    if (phase === undefined || phase < 1) return;
    if (set.failedTypes.has("gateway-guardrails-config") || set.failedTypes.has("<unknown>") || set.partialTypes.has("gateway-guardrails-config") || set.guardrailCatalogIncomplete) return;
    const where = set.guardrails?.source ?? set.label;
    const effective = (r: GuardrailRule) => r.when.target?.conditions.model !== undefined && r.llm_input_guardrails.length > 0;
    const rules = (set.guardrails?.value.rules ?? []).filter(effective);
    if (rules.length === 0) {
        sink.report("guardrail-phase", where, set.guardrails ? ["rules"] : [], { message: `phase ${phase} routes apps through the gateway governed, but no guardrail rule guards LLM input`, expected: "a rule with a model target and llm_input_guardrails (in audit at first)", actual: "none", fix: "add guardrails in audit (docs/gateway.md, Rolling guardrails out safely)" });
        return;
    }
    if (phase < 3 || (environment !== "prod" && environment !== "staging")) return;
    const need = environment === "prod" ? "enforce" : "enforce_but_ignore_on_error";
    const applying = rules.filter((r) => !r.when.subjects && Object.entries(r.when.metadata ?? {}).every(([k, v]) => k === "environment" && v === environment));
    let strictest = -1;
    for (const r of applying) {
        for (const sel of r.llm_input_guardrails) {
            const g = set.guardrailIntegrations.get(sel);
            if (g) strictest = Math.max(strictest, STRICTNESS.indexOf(g.enforcing_strategy));
        }
    }
    if (strictest >= STRICTNESS.indexOf(need)) return;
    sink.report("guardrail-phase", set.guardrails!.source, ["rules"], {
        message: `phase 3 ${environment} traffic must be guarded ${environment === "prod" ? "strictly" : "by enforcing guardrails"}, but the LLM input guardrails that apply to it are at most ${strictest >= 0 ? STRICTNESS[strictest] : "none"}`,
        expected: `an LLM input guardrail with enforcing_strategy ${need}${environment === "prod" ? "" : " or enforce"} on a rule for metadata environment: ${environment} (or for all traffic)`,
        actual: strictest >= 0 ? STRICTNESS[strictest]! : "none",
        fix: "select stricter guardrail integrations for this environment (docs/gateway.md, Rolling guardrails out safely)",
    });
}

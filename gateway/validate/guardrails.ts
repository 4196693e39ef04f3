import type { GatewayConfigSet } from "../config-set";
import type { IssueSink } from "../issues";
import { GUARDRAIL_HOOKS } from "../schema";
import { checkMetadataValue, checkModelName, checkSubject, checkUniqueIds, sample } from "./helpers";

/** Guardrail groups and `gateway-guardrails-config` rules (v0.116 schema). */

const LLM_HOOKS = new Set(["llm_input_guardrails", "llm_output_guardrails"]);

export function checkGuardrails(set: GatewayConfigSet, sink: IssueSink): void {
    for (const g of set.guardrailGroups) {
        g.value.integrations.forEach((gi, i) => {
            const path = ["integrations", i, "priority"];
            if (gi.operation === "mutate" && gi.priority === undefined) {
                sink.error("guardrail-priority", g.source, path, `mutate guardrail "${gi.name}" has no priority, so its place in the mutation sequence is undefined`, "set priority (lower runs first)");
            } else if (gi.operation === "validate" && gi.priority !== undefined) {
                sink.warn("guardrail-priority", g.source, path, `validate guardrail "${gi.name}" has a priority, but validate guardrails run in parallel`, "remove priority");
            }
        });
    }

    const doc = set.guardrails;
    if (!doc) return;
    const { rules } = doc.value;
    checkUniqueIds(sink, doc.source, rules, "guardrail");
    rules.forEach((rule, i) => {
        const base = ["rules", i];
        const target = rule.when.target;
        const hasModel = target?.conditions.model !== undefined;
        const hasMcp = target?.conditions.mcpServers !== undefined;
        if (target && !hasModel && !hasMcp) {
            sink.error("guardrail-target", doc.source, [...base, "when", "target", "conditions"], "target has no conditions", "add a model or mcpServers condition, or remove target to match every request");
        }
        if (target?.operator === "and" && hasModel && hasMcp) {
            sink.error("guardrail-target", doc.source, [...base, "when", "target"], "operator and over both model and mcpServers: a request is either an LLM call or an MCP tool call, so this matches nothing", "use operator: or, or split into two rules");
        }
        target?.conditions.model?.values.forEach((m, k) => checkModelName(set, sink, doc.source, [...base, "when", "target", "conditions", "model", "values", k], m));
        const subjects = rule.when.subjects?.conditions;
        for (const key of ["in", "not_in"] as const) subjects?.[key]?.forEach((s, k) => checkSubject(sink, doc.source, [...base, "when", "subjects", "conditions", key, k], s));
        for (const [k, v] of Object.entries(rule.when.metadata ?? {})) checkMetadataValue(set, sink, doc.source, [...base, "when", "metadata", k], k, v);

        let total = 0;
        for (const hook of GUARDRAIL_HOOKS) {
            const selectors = rule[hook];
            total += selectors.length;
            if (selectors.length > 0 && target) {
                // With `or`, a request matching only the other kind of condition still triggers the rule,
                // but its hooks of this kind never fire for it; only a target with neither kind fits both.
                const fits = LLM_HOOKS.has(hook) ? hasModel : hasMcp;
                if (!fits) {
                    sink.error("guardrail-hook", doc.source, [...base, hook], `${hook} on a rule that targets only ${LLM_HOOKS.has(hook) ? "MCP servers" : "models"}: these guardrails never run`,
                        LLM_HOOKS.has(hook) ? "move them to a rule whose target has a model condition" : "move them to a rule whose target has an mcpServers condition");
                }
            }
            const seen = new Set<string>();
            selectors.forEach((sel, k) => {
                if (seen.has(sel)) sink.warn("guardrail-selector", doc.source, [...base, hook, k], `"${sel}" is listed twice in ${hook}`, "remove the repeat");
                seen.add(sel);
                if (set.guardrailCatalogIncomplete || set.guardrailIntegrations.has(sel)) return;
                sink.error("guardrail-selector", doc.source, [...base, hook, k], `guardrail "${sel}" does not exist in any guardrail config group`,
                    `write <group>/<integration>, one of ${sample([...set.guardrailIntegrations.keys()])}`);
            });
        }
        if (total === 0) sink.warn("empty-rule", doc.source, base, `guardrail rule "${rule.id}" attaches no guardrail to any hook`, "add selectors to a hook or delete the rule");
    });
}

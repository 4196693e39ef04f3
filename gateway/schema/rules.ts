import { z } from "zod";
import { loadBalanceTarget, routingStrategy, ruleId, ruleWhen, secretRef, stickyRouting } from "./common";

/**
 * The four gateway-wide rule configs. Routing, rate-limit and budget rules are evaluated top to
 * bottom and the first match decides; guardrail rules are all evaluated and their guardrails combined
 * (the documented behaviour from v0.116 on).
 */

const configName = z.string().min(1).max(128);

/** Every gateway-wide config is one named document of one type holding an ordered list of rules. */
function ruleConfig<T extends string, R extends z.ZodType>(type: T, rule: R) {
    return z.strictObject({ type: z.literal(type), name: configName, rules: z.array(rule) });
}

/** `type: gateway-load-balancing-config` (routing). */
export const routingRule = z.strictObject({
    id: ruleId,
    type: routingStrategy,
    when: ruleWhen,
    load_balance_targets: z.array(loadBalanceTarget).min(1),
    sticky_routing: stickyRouting.optional(),
});
export type RoutingRule = z.infer<typeof routingRule>;

export const routingConfig = ruleConfig("gateway-load-balancing-config", routingRule);
export type RoutingConfig = z.infer<typeof routingConfig>;

/** Rate-limit units. There are no weekly or monthly rate units upstream; those are budgets. */
export const rateLimitUnit = z.enum([
    "requests_per_minute",
    "requests_per_hour",
    "requests_per_day",
    "tokens_per_minute",
    "tokens_per_hour",
    "tokens_per_day",
]);

/** `type: gateway-rate-limiting-config`. */
export const rateLimitRule = z.strictObject({
    id: ruleId,
    when: ruleWhen,
    limit_to: z.number().int().positive(),
    unit: rateLimitUnit,
    /** Separate counters per value of these (≤ 2): user, model, virtualaccount or metadata.<key>. */
    rate_limit_applies_per: z.array(z.string()).optional(),
});
export type RateLimitRule = z.infer<typeof rateLimitRule>;

export const rateLimitConfig = ruleConfig("gateway-rate-limiting-config", rateLimitRule);
export type RateLimitConfig = z.infer<typeof rateLimitConfig>;

/** Budget periods; they reset at UTC midnight, on Monday, on the 1st. `1mo`-style periods do not exist. */
export const budgetUnit = z.enum(["cost_per_day", "cost_per_week", "cost_per_month"]);

/** Where budget alerts go. Credentials (webhook URLs) are secret references. */
export const notificationTarget = z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("email"), to_emails: z.array(z.email()).min(1) }),
    z.strictObject({ type: z.literal("slack-webhook"), webhook_url: secretRef }),
    z.strictObject({ type: z.literal("slack-bot"), channels: z.array(z.string().min(1)).min(1) }),
]);

/** `type: gateway-budget-config`. */
export const budgetRule = z.strictObject({
    id: ruleId,
    when: ruleWhen,
    /** US dollars per period. */
    limit_to: z.number().positive(),
    unit: budgetUnit,
    /** Separate budgets per value of these (≤ 2): user, model, team, virtualaccount or metadata.<key>. */
    budget_applies_per: z.array(z.string()).optional(),
    /** Track and alert but never block. */
    audit_mode: z.boolean().optional(),
    alerts: z
        .strictObject({
            /** Percentages of `limit_to`, in (0, 100], ascending. */
            thresholds: z.array(z.number()).min(1),
            notification_target: z.array(notificationTarget).min(1),
        })
        .optional(),
});
export type BudgetRule = z.infer<typeof budgetRule>;

export const budgetConfig = ruleConfig("gateway-budget-config", budgetRule);
export type BudgetConfig = z.infer<typeof budgetConfig>;

/** `{condition: in|not_in, values}` on one attribute of the request target. */
const targetCondition = z.strictObject({ condition: z.enum(["in", "not_in"]), values: z.array(z.string()).min(1) });

/** The four hooks, in request order. */
export const GUARDRAIL_HOOKS = [
    "llm_input_guardrails",
    "llm_output_guardrails",
    "mcp_tool_pre_invoke_guardrails",
    "mcp_tool_post_invoke_guardrails",
] as const;
export type GuardrailHook = (typeof GUARDRAIL_HOOKS)[number];

/** Guardrail selectors `<group>/<integration>`; resolved against guardrail config groups. */
const selectors = z.array(z.string().min(1)).default([]);

/** `type: gateway-guardrails-config`, v0.116+ schema. */
export const guardrailRule = z.strictObject({
    id: ruleId,
    when: z.strictObject({
        target: z
            .strictObject({
                operator: z.enum(["and", "or"]),
                conditions: z.strictObject({ model: targetCondition.optional(), mcpServers: targetCondition.optional() }),
            })
            .optional(),
        subjects: z
            .strictObject({
                operator: z.enum(["and", "or"]),
                conditions: z.strictObject({ in: z.array(z.string()).optional(), not_in: z.array(z.string()).optional() }),
            })
            .optional(),
        metadata: z.record(z.string(), z.string()).optional(),
    }),
    llm_input_guardrails: selectors,
    llm_output_guardrails: selectors,
    mcp_tool_pre_invoke_guardrails: selectors,
    mcp_tool_post_invoke_guardrails: selectors,
});
export type GuardrailRule = z.infer<typeof guardrailRule>;

export const guardrailsConfig = ruleConfig("gateway-guardrails-config", guardrailRule);
export type GuardrailsConfig = z.infer<typeof guardrailsConfig>;

import { z } from "zod";
import {
    RATE_LIMIT_ID_PATTERN,
    latencyRouting,
    priorityRouting,
    ruleId,
    ruleIdOf,
    ruleWhen,
    weightRouting,
} from "./common";

/**
 * The four gateway-wide rule configs. Routing, rate-limit and budget rules are evaluated top to
 * bottom and the first match decides; guardrail rules are all evaluated and their guardrails combined
 * (the documented behaviour from v0.116 on).
 *
 * `name`: not in the model (`RateLimitConfig` has only `type` and `rules`), but TrueFoundry's
 * reference pages say `apply` refuses a config without one ("Manifest does not have a name field")
 * and show it in every returned manifest, so splitplane follows the docs and requires it.
 */

const configName = z.string().min(1);

function ruleConfig<T extends string, R extends z.ZodType>(type: T, rule: R) {
    return z.strictObject({ type: z.literal(type), name: configName, rules: z.array(rule) });
}

/**
 * @model WeightBasedLoadBalancingRule, LatencyBasedLoadBalancingRule, PriorityBasedLoadBalancingRule.
 * The generated model types a rule's `type` as the class name (`"WeightBasedLoadBalancingRule"`), an
 * artefact of re-declaring `type` in a subclass; the control plane returns and accepts the strategy
 * (`type: priority-based-routing`, load-balancing.md), which splitplane follows.
 */
const ruleFields = { id: ruleId, when: ruleWhen };
export const routingRule = z.discriminatedUnion("type", [
    weightRouting.extend(ruleFields),
    latencyRouting.extend(ruleFields),
    priorityRouting.extend(ruleFields),
]);
export type RoutingRule = z.infer<typeof routingRule>;

/** @model LoadBalancingConfig. Deprecated upstream in favour of virtual models, still accepted. */
export const routingConfig = ruleConfig("gateway-load-balancing-config", routingRule);
export type RoutingConfig = z.infer<typeof routingConfig>;

/** @model RateLimitUnit. There are no weekly or monthly rate units; those are budgets. */
export const rateLimitUnit = z.enum(["requests_per_minute", "requests_per_hour", "requests_per_day", "tokens_per_minute", "tokens_per_hour", "tokens_per_day"]);

/** @model RateLimitRule */
export const rateLimitRule = z.strictObject({
    id: ruleIdOf(RATE_LIMIT_ID_PATTERN),
    when: ruleWhen,
    /** An integer; 0 or less blocks every matching request (checked as a semantic rule). */
    limit_to: z.number().int(),
    unit: rateLimitUnit,
    /** Separate counters per value of these (≤ 2): user, model, virtualaccount or metadata.<key>. */
    rate_limit_applies_per: z.array(z.string()).optional(),
});
export type RateLimitRule = z.infer<typeof rateLimitRule>;

/** @model RateLimitConfig */
export const rateLimitConfig = ruleConfig("gateway-rate-limiting-config", rateLimitRule);
export type RateLimitConfig = z.infer<typeof rateLimitConfig>;

/** @model BudgetLimitUnit. Cost periods reset at UTC midnight, on Monday, on the 1st. */
export const budgetUnit = z.enum(["cost_per_day", "cost_per_week", "cost_per_month", "tokens_per_day", "tokens_per_month"]);

/**
 * Where budget alerts go: each names a `notification_channel` (the FQN of a notification-channel
 * integration, which holds any webhook or token), never a credential itself.
 */
const channel = z.string().min(1);
/** @model Email */
export const emailTarget = z.strictObject({ type: z.literal("email"), notification_channel: channel, to_emails: z.array(z.string().min(1)) });
/** @model SlackWebhook */
export const slackWebhookTarget = z.strictObject({ type: z.literal("slack-webhook"), notification_channel: channel });
/** @model SlackBot */
export const slackBotTarget = z.strictObject({
    type: z.literal("slack-bot"),
    notification_channel: channel,
    channels: z.array(z.string().regex(/^#[a-z0-9\-_]{2,80}$/, { message: "must be #channel-name: lower-case letters, digits, '-' and '_', 2–80 characters" })),
});
/** @model PagerDuty */
export const pagerDutyTarget = z.strictObject({ type: z.literal("pagerduty"), notification_channel: channel });
export const notificationTarget = z.discriminatedUnion("type", [emailTarget, slackWebhookTarget, slackBotTarget, pagerDutyTarget]);

/** @model BudgetAlert. Thresholds are percentages of `limit_to` (`confloat(ge=0, le=100)`). */
export const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [75, 90, 95, 100];
export const budgetAlert = z.strictObject({
    /** @default [75, 90, 95, 100] */
    thresholds: z.array(z.number().min(0).max(100)).optional(),
    notification_target: z.array(notificationTarget),
});

/** @model BudgetRule */
export const budgetRule = z.strictObject({
    id: ruleId,
    when: ruleWhen,
    /** US dollars (or tokens, for the token units) per period. */
    limit_to: z.number(),
    unit: budgetUnit,
    /** Separate budgets per value of this: user, model, virtualaccount or metadata.<key>. */
    budget_applies_per: z.array(z.string()).optional(),
    alerts: budgetAlert.optional(),
    /** Track and alert but never block. @default false */
    audit_mode: z.boolean().optional(),
});
export type BudgetRule = z.infer<typeof budgetRule>;

/** @model BudgetConfig */
export const budgetConfig = ruleConfig("gateway-budget-config", budgetRule);
export type BudgetConfig = z.infer<typeof budgetConfig>;

/** @model Condition */
export const condition = z.enum(["in", "not_in"]);
/** @model InNotInOperator. `condition` defaults to `in`; `"*"` in `values` means every model. */
export const inNotIn = z.strictObject({ condition: condition.optional(), values: z.array(z.string()) });
/** @model MCPToolTarget */
export const mcpToolTarget = z.strictObject({ name: z.string(), enable_all_tools: z.boolean().optional(), enabled_tools: z.array(z.string()).optional() });
/** @model MCPToolsOperator */
export const mcpToolsOperator = z.strictObject({ condition: condition.optional(), values: z.array(mcpToolTarget) });
/** @model TargetClause */
export const targetClause = z.strictObject({ mcpServers: inNotIn.optional(), mcpTools: mcpToolsOperator.optional(), model: inNotIn.optional() });
/** @model TargetConditionGroup: the operator is `or`, the only value the server takes. */
export const targetConditionGroup = z.strictObject({ operator: z.literal("or"), conditions: targetClause });
/** @model Operator */
export const subjectOperator = z.enum(["and", "or"]);
/** @model SubjectClause (`in` is `in_` with an alias in the Python model). */
export const subjectClause = z.strictObject({ in: z.array(z.string()).optional(), not_in: z.array(z.string()).optional() });
/** @model SubjectConditionGroup. `operator` defaults to `and`. */
export const subjectConditionGroup = z.strictObject({ operator: subjectOperator.optional(), conditions: subjectClause });
/** @model GuardrailsWhen */
export const guardrailsWhen = z.strictObject({ target: targetConditionGroup.optional(), subjects: subjectConditionGroup.optional(), metadata: z.record(z.string(), z.string()).optional() });

/** The four hooks, in request order. */
export const GUARDRAIL_HOOKS = ["llm_input_guardrails", "llm_output_guardrails", "mcp_tool_pre_invoke_guardrails", "mcp_tool_post_invoke_guardrails"] as const;
export type GuardrailHook = (typeof GUARDRAIL_HOOKS)[number];

/** Guardrail selectors `<group>/<integration>`; resolved against guardrail config groups. */
const selectors = z.array(z.string());

/** @model GuardrailsRule: all four hook lists are required (write `[]` for none), as the server returns them. */
export const guardrailRule = z.strictObject({
    id: ruleId,
    when: guardrailsWhen,
    llm_input_guardrails: selectors,
    llm_output_guardrails: selectors,
    mcp_tool_pre_invoke_guardrails: selectors,
    mcp_tool_post_invoke_guardrails: selectors,
});
export type GuardrailRule = z.infer<typeof guardrailRule>;

/** @model GuardrailsConfig */
export const guardrailsConfig = ruleConfig("gateway-guardrails-config", guardrailRule);
export type GuardrailsConfig = z.infer<typeof guardrailsConfig>;

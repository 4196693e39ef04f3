import type { z } from "zod";
import { guardrailGroup, providerAccount, virtualModelGroup } from "./catalog";
import { gatewayContract } from "./contract";
import { budgetConfig, guardrailsConfig, rateLimitConfig, routingConfig } from "./rules";

export * from "./common";
export * from "./catalog";
export * from "./rules";
export * from "./contract";

/** Every document kind splitplane reads, by its `type`. `provider-account/<x>` covers any model provider. */
export const DOCUMENT_TYPES = [
    "provider-account/<provider>",
    "provider-account/virtual-model",
    "provider-account/guardrail-config-group",
    "gateway-load-balancing-config",
    "gateway-rate-limiting-config",
    "gateway-budget-config",
    "gateway-guardrails-config",
    "splitplane/gateway-contract",
] as const;

/** The schema for a document's `type`, or undefined when the type is unknown. */
export function schemaForType(type: unknown): z.ZodType | undefined {
    if (typeof type !== "string") return undefined;
    switch (type) {
        case "provider-account/virtual-model":
            return virtualModelGroup;
        case "provider-account/guardrail-config-group":
            return guardrailGroup;
        case "gateway-load-balancing-config":
            return routingConfig;
        case "gateway-rate-limiting-config":
            return rateLimitConfig;
        case "gateway-budget-config":
            return budgetConfig;
        case "gateway-guardrails-config":
            return guardrailsConfig;
        case "splitplane/gateway-contract":
            return gatewayContract;
        default:
            return type.startsWith("provider-account/") ? providerAccount : undefined;
    }
}

/** Parsed (output) types of each document. */
export type ProviderAccountDoc = z.infer<typeof providerAccount>;
export type VirtualModelGroupDoc = z.infer<typeof virtualModelGroup>;
export type GuardrailGroupDoc = z.infer<typeof guardrailGroup>;
export type RoutingConfigDoc = z.infer<typeof routingConfig>;
export type RateLimitConfigDoc = z.infer<typeof rateLimitConfig>;
export type BudgetConfigDoc = z.infer<typeof budgetConfig>;
export type GuardrailsConfigDoc = z.infer<typeof guardrailsConfig>;
export type GatewayContractDoc = z.infer<typeof gatewayContract>;

export type GatewayManifest =
    | ProviderAccountDoc
    | VirtualModelGroupDoc
    | GuardrailGroupDoc
    | RoutingConfigDoc
    | RateLimitConfigDoc
    | BudgetConfigDoc
    | GuardrailsConfigDoc
    | GatewayContractDoc;

/**
 * What a TypeScript author writes (input types: defaults optional, status codes as number or string).
 * `provider-account/virtual-model` and `provider-account/guardrail-config-group` have their own shapes.
 */
export type GatewayManifestInput =
    | z.input<typeof providerAccount>
    | z.input<typeof virtualModelGroup>
    | z.input<typeof guardrailGroup>
    | z.input<typeof routingConfig>
    | z.input<typeof rateLimitConfig>
    | z.input<typeof budgetConfig>
    | z.input<typeof guardrailsConfig>
    | z.input<typeof gatewayContract>;

/** Keys renamed upstream, so that the error can say what to write instead. */
export const RENAMED_KEYS: Readonly<Record<string, string>> = {
    input_guardrails: "renamed to llm_input_guardrails in gateway v0.116",
    output_guardrails: "renamed to llm_output_guardrails in gateway v0.116",
    models: "guardrail rules select models with when.target.conditions.model {condition, values} since v0.116",
    budget_duration: "budgets use unit: cost_per_day | cost_per_week | cost_per_month",
    fallbacks: "fallback is per target: fallback_status_codes and fallback_candidate",
    num_retries: "retries are per target: retry_config {attempts, delay, on_status_codes}",
};

import type { z } from "zod";
import {
    PROVIDER_ACCOUNTS,
    type ProviderAccount,
    UNCHECKED_MCP_TYPES,
    UNCHECKED_PROVIDER_TYPES,
    guardrailGroup,
    uncheckedMcpServer,
    uncheckedProviderAccount,
    virtualModelGroup,
} from "./catalog";
import { gatewayContract } from "./contract";
import { budgetConfig, guardrailsConfig, rateLimitConfig, routingConfig } from "./rules";

export * from "./common";
export * from "./catalog";
export * from "./rules";
export * from "./contract";
export * from "./integrations";

/** Every document type splitplane checks in full, by its `type`. */
export const DOCUMENT_SCHEMAS = {
    ...PROVIDER_ACCOUNTS,
    "provider-account/virtual-model": virtualModelGroup,
    "provider-account/guardrail-config-group": guardrailGroup,
    "gateway-load-balancing-config": routingConfig,
    "gateway-rate-limiting-config": rateLimitConfig,
    "gateway-budget-config": budgetConfig,
    "gateway-guardrails-config": guardrailsConfig,
    "splitplane/gateway-contract": gatewayContract,
} as const;

export const DOCUMENT_TYPES: readonly string[] = [...Object.keys(DOCUMENT_SCHEMAS), ...UNCHECKED_PROVIDER_TYPES, ...UNCHECKED_MCP_TYPES];

/** The schema for a document's `type` and whether it is checked in full; undefined when unknown. */
export function schemaForType(type: unknown): { schema: z.ZodType; checked: boolean } | undefined {
    if (typeof type !== "string") return undefined;
    const full = (DOCUMENT_SCHEMAS as Record<string, z.ZodType>)[type];
    if (full) return { schema: full, checked: true };
    if (UNCHECKED_PROVIDER_TYPES.includes(type)) return { schema: uncheckedProviderAccount, checked: false };
    return UNCHECKED_MCP_TYPES.includes(type) ? { schema: uncheckedMcpServer, checked: false } : undefined;
}

export type { ProviderAccount };
export type VirtualModelGroupDoc = z.infer<typeof virtualModelGroup>;
export type GuardrailGroupDoc = z.infer<typeof guardrailGroup>;
export type RoutingConfigDoc = z.infer<typeof routingConfig>;
export type RateLimitConfigDoc = z.infer<typeof rateLimitConfig>;
export type BudgetConfigDoc = z.infer<typeof budgetConfig>;
export type GuardrailsConfigDoc = z.infer<typeof guardrailsConfig>;
export type GatewayContractDoc = z.infer<typeof gatewayContract>;
export type ProviderAccountDoc = ProviderAccount;

export type GatewayManifest =
    | ProviderAccount
    | VirtualModelGroupDoc
    | GuardrailGroupDoc
    | RoutingConfigDoc
    | RateLimitConfigDoc
    | BudgetConfigDoc
    | GuardrailsConfigDoc
    | GatewayContractDoc;

type Input<T extends keyof typeof DOCUMENT_SCHEMAS> = z.input<(typeof DOCUMENT_SCHEMAS)[T]>;
/** What a TypeScript author writes (input types: defaults optional, status codes as number or string). */
export type GatewayManifestInput = { [T in keyof typeof DOCUMENT_SCHEMAS]: Input<T> }[keyof typeof DOCUMENT_SCHEMAS];

/**
 * Keys that are not in the server's model but that configs carry (older gateway versions, other
 * gateways, splitplane before it followed the model), so that the error can say what to write.
 */
export const RENAMED_KEYS: Readonly<Record<string, string>> = {
    input_guardrails: "renamed to llm_input_guardrails in gateway v0.116",
    output_guardrails: "renamed to llm_output_guardrails in gateway v0.116",
    budget_duration: "budgets use unit: cost_per_day | cost_per_week | cost_per_month",
    fallbacks: "fallback is per target: fallback_status_codes and fallback_candidate",
    num_retries: "retries are per target: retry_config {attempts, delay, on_status_codes}",
    timeout_ms: "not in the manifest schema: the per-attempt timeout is the request's x-tfy-request-timeout header; declare it as attempt_timeout_ms in the splitplane contract for the timeout check",
    webhook_url: "alerts name a notification_channel (the FQN of a notification-channel integration that holds the webhook)",
    base_url: "a self-hosted model's address is url on each model (with hosted_model_name and model_server)",
    guardrail_configs: "the guardrails of a group are its integrations",
};

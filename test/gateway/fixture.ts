import { type CheckOptions, type GatewayCheckResult, type GatewayManifestInput, checkGatewayObjects } from "../../gateway";

/**
 * A compliant baseline that uses every document kind. Each rule test changes one field of a fresh
 * copy and expects exactly the rule it is about to fire.
 */
export function baseline(): GatewayManifestInput[] {
    return structuredClone([
        {
            type: "splitplane/gateway-contract",
            name: "platform",
            request_timeout_ms: 600000,
            max_fallback_depth: 3,
            metadata: [
                { key: "team", required: true, pattern: "^[a-z-]+$" },
                { key: "project_id", required: true, pattern: "^[a-z0-9-]+$" },
                { key: "workflow", required: true, values: ["repo-qa", "security-review", "batch"] },
                { key: "environment", values: ["dev", "prod"] },
            ],
        },
        {
            type: "provider-account/openai",
            name: "openai-main",
            auth_data: { type: "api-key", api_key: "tfy-secret://acme:llm:OPENAI_API_KEY" },
            integrations: [
                { type: "integration/model/openai", name: "gpt-4o-mini", model_id: "gpt-4o-mini" },
                { type: "integration/model/openai", name: "gpt-4o", model_id: "gpt-4o" },
            ],
        },
        {
            type: "provider-account/self-hosted-model",
            name: "onprem",
            integrations: [{ type: "integration/model/self-hosted-model", name: "llama", hosted_model_name: "llama-3.1-70b", url: "https://vllm.inference.svc.cluster.local:8443/v1", model_server: "vllm-openai" }],
        },
        {
            type: "provider-account/virtual-model",
            name: "platform",
            integrations: [
                {
                    name: "assistant",
                    type: "integration/model/virtual",
                    routing_config: {
                        type: "weight-based-routing",
                        load_balance_targets: [
                            { target: "openai-main/gpt-4o", weight: 90, fallback_status_codes: ["429", "503"] },
                            { target: "openai-main/gpt-4o-mini", weight: 10 },
                        ],
                    },
                },
            ],
        },
        {
            type: "provider-account/guardrail-config-group",
            name: "safety",
            integrations: [
                { type: "integration/guardrail-config/tfy-pii", name: "pii", operation: "mutate", priority: 1, enforcing_strategy: "enforce", config: {} },
                { type: "integration/guardrail-config/tfy-prompt-injection", name: "injection", operation: "validate", enforcing_strategy: "audit" },
                { type: "integration/guardrail-config/secret-detection", name: "tool-args", operation: "validate", enforcing_strategy: "enforce_but_ignore_on_error" },
            ],
        },
        {
            type: "gateway-load-balancing-config",
            name: "routing",
            rules: [
                {
                    id: "batch-onprem-first",
                    type: "priority-based-routing",
                    when: { metadata: { workflow: "batch" } },
                    load_balance_targets: [
                        { target: "onprem/llama", priority: 0, fallback_status_codes: ["429", "503"] },
                        { target: "openai-main/gpt-4o-mini", priority: 1, retry_config: { attempts: 2, delay: 100, on_status_codes: ["429", "500"] } },
                    ],
                },
                {
                    id: "mini-for-search",
                    type: "latency-based-routing",
                    when: { subjects: ["team:search"], models: ["openai-main/gpt-4o-mini"] },
                    load_balance_targets: [{ target: "openai-main/gpt-4o-mini" }, { target: "openai-main/gpt-4o" }],
                },
            ],
        },
        {
            type: "gateway-rate-limiting-config",
            name: "rate-limits",
            rules: [
                { id: "batch", when: { metadata: { workflow: "batch" } }, limit_to: 100000, unit: "tokens_per_minute", rate_limit_applies_per: ["metadata.project_id"] },
                { id: "everyone", when: {}, limit_to: 30, unit: "requests_per_minute", rate_limit_applies_per: ["user"] },
            ],
        },
        {
            type: "gateway-budget-config",
            name: "budgets",
            rules: [
                {
                    id: "prod-projects",
                    when: { metadata: { environment: "prod" } },
                    limit_to: 1000,
                    unit: "cost_per_month",
                    budget_applies_per: ["metadata.project_id"],
                    alerts: { thresholds: [50, 90, 100], notification_target: [{ type: "email", notification_channel: "acme:email:finops:notification-channel:finops", to_emails: ["finops@example.com"] }] },
                },
                { id: "everyone", when: {}, limit_to: 5, unit: "cost_per_day", budget_applies_per: ["user"] },
            ],
        },
        {
            type: "gateway-guardrails-config",
            name: "guardrails",
            rules: [
                {
                    id: "prod-llm",
                    when: { target: { operator: "or", conditions: { model: { condition: "in", values: ["*"] } } }, metadata: { environment: "prod" } },
                    llm_input_guardrails: ["safety/pii", "safety/injection"],
                    llm_output_guardrails: [],
                    mcp_tool_pre_invoke_guardrails: [],
                    mcp_tool_post_invoke_guardrails: [],
                },
                {
                    id: "mcp-tools",
                    when: { target: { operator: "or", conditions: { mcpServers: { condition: "in", values: ["github-mcp"] } } } },
                    llm_input_guardrails: [],
                    llm_output_guardrails: [],
                    mcp_tool_pre_invoke_guardrails: ["safety/tool-args"],
                    mcp_tool_post_invoke_guardrails: [],
                },
            ],
        },
    ] satisfies GatewayManifestInput[]);
}

/** Index of the first document of a type in the baseline. */
export function docOf(docs: GatewayManifestInput[], type: string): any {
    const found = docs.find((d) => d.type === type);
    if (!found) throw new Error(`no ${type} in fixture`);
    return found;
}

export function check(docs: unknown[], options: CheckOptions = {}): GatewayCheckResult {
    return checkGatewayObjects(docs, "fixture", options);
}

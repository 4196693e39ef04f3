import { z } from "zod";
import {
    ACCOUNT_NAME_PATTERN,
    accountName,
    collaborator,
    guardrailName,
    modelName,
    modelType,
    noSpace,
    ownedBy,
    routingConfigBlock,
    virtualName,
} from "./common";

/**
 * The model catalog: provider accounts with their models, virtual-model groups and guardrail config
 * groups. All are TrueFoundry "provider accounts" (`type: provider-account/<kind>`).
 *
 * Derived in full (strict, every field of the model): the providers splitplane's examples and
 * environments use (openai, anthropic, azure-openai, self-hosted-model, aws-bedrock), virtual models, guardrail
 * config groups and the TrueFoundry-managed guardrails. Every other model provider and guardrail
 * type of the model is accepted with only its common fields checked, and a warning saying so
 * (`unchecked-type`): a config from an existing tenant is not refused for a type splitplane has not
 * derived, and nobody is told it was checked when it was not.
 */

/** @model PerThousandTokensCostMetric, PerThousandEmbeddingTokensCostMetric, PublicCostMetric */
const costValue = z.strictObject({
    input: z.number().min(0),
    output: z.number().min(0),
    cache_read: z.number().min(0).optional(),
    cache_write: z.number().min(0).optional(),
    // Volume tiers (`PrivatePricingTier`) are passed through unchecked.
    input_tiers: z.array(z.unknown()).optional(),
    output_tiers: z.array(z.unknown()).optional(),
    cache_read_tiers: z.array(z.unknown()).optional(),
    cache_write_tiers: z.array(z.unknown()).optional(),
});
export const cost = z.union([
    z.strictObject({ metric: z.literal("per_1000_tokens"), value: costValue }),
    z.strictObject({ metric: z.literal("per_1000_embedding_tokens"), value: z.number().min(0) }),
    z.strictObject({ metric: z.literal("public_cost") }),
]);

/** Fields every hosted-provider model has (`OpenAIModel`, `AnthropicModel`, `AzureOpenAIModel`). */
const modelCommon = {
    name: modelName,
    /** The provider's model id (`^\S+$`); required. */
    model_id: noSpace,
    /** @default ["chat"] */
    model_types: z.array(modelType).optional(),
    cost: cost.optional(),
    authorized_subjects: z.array(z.string()).optional(),
};
const accountCommon = {
    name: accountName,
    collaborators: z.array(collaborator).optional(),
    ownedBy: ownedBy.optional(),
};
/**
 * `type: api-key` with one key (`OpenaiApiKeyAuth`, `AnthropicKeyAuth`, `AzureKeyAuth`). The model
 * requires `auth_data`, but the control plane returns accounts without it (models.md shows an OpenAI
 * account as returned, credentials left out): splitplane follows the docs and makes it optional, so
 * that a fetched config is accepted as it comes.
 */
const apiKeyAuth = z.strictObject({ type: z.literal("api-key"), api_key: noSpace });

/** @model OpenAIModel */
export const openaiModel = z.strictObject({ type: z.literal("integration/model/openai"), ...modelCommon });
/** @model OpenaiProviderAccount */
export const openaiAccount = z.strictObject({
    type: z.literal("provider-account/openai"),
    ...accountCommon,
    auth_data: apiKeyAuth.optional(),
    base_url: noSpace.optional(),
    integrations: z.array(openaiModel),
});

/** @model AnthropicModel */
export const anthropicModel = z.strictObject({ type: z.literal("integration/model/anthropic"), ...modelCommon });
/** @model AnthropicProviderAccount: integrations are optional here. */
export const anthropicAccount = z.strictObject({
    type: z.literal("provider-account/anthropic"),
    ...accountCommon,
    auth_data: apiKeyAuth.optional(),
    integrations: z.array(anthropicModel).optional(),
});

/** @model DeploymentType */
export const deploymentType = z.enum(["standard", "datazone_us", "datazone_eu", "global"]);
/** @model AzureOpenAIModel: `model_id` is the deployment name; `api_version` is required. */
export const azureOpenaiModel = z.strictObject({
    type: z.literal("integration/model/azure-openai"),
    ...modelCommon,
    api_version: noSpace,
    foundation_model: z.string().optional(),
    /** @default "standard" */
    deployment_type: deploymentType.optional(),
});
/** @model AzureCertificateAuth */
const azureCertificateAuth = z.strictObject({ type: z.literal("certificate"), tenant_id: noSpace, client_id: noSpace, certificate: noSpace, certificate_thumbprint: noSpace });
/** @model AzureOpenAIProviderAccount */
export const azureOpenaiAccount = z.strictObject({
    type: z.literal("provider-account/azure-openai"),
    ...accountCommon,
    azure_endpoint: noSpace,
    auth_data: z.discriminatedUnion("type", [apiKeyAuth, azureCertificateAuth]).optional(),
    integrations: z.array(azureOpenaiModel),
});

/** @model ModelServer */
export const modelServer = z.enum(["openai-compatible", "cohere-rerank-v2", "nemo-retriever", "infinity", "tei", "vllm-openai"]);
/** @model SelfHostedModel: the URL and server kind are per model, not per account. */
export const selfHostedModel = z.strictObject({
    type: z.literal("integration/model/self-hosted-model"),
    name: modelName,
    hosted_model_name: noSpace,
    url: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s/]*)*[^/\s]$/, { message: "must be an http(s) URL without a trailing slash" }),
    model_server: modelServer,
    tfy_application_id: z.string().optional(),
    model_types: z.array(modelType).optional(),
    /** @model CustomTLSSettings */
    tls_settings: z.strictObject({ reject_unauthorized: z.boolean().optional(), ca_cert: z.string().optional() }).optional(),
    /** @model CustomBasicAuth, CustomBearerAuth */
    auth_data: z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("basic-auth"), username: noSpace, password: z.string().min(1) }),
        z.strictObject({ type: z.literal("bearer-auth"), bearer_token: z.string() }),
    ]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    cost: cost.optional(),
    authorized_subjects: z.array(z.string()).optional(),
});
/** @model SelfHostedModelProviderAccount: no account-level auth or URL. */
export const selfHostedAccount = z.strictObject({
    type: z.literal("provider-account/self-hosted-model"),
    ...accountCommon,
    integrations: z.array(selfHostedModel),
});

/** @model AWSRegion */
export const awsRegion = z.enum([
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1",
    "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1",
    "us-gov-west-1", "us-west-1", "us-west-2",
]);
/** @model BedrockModel: `model_id` may be a foundation model, an inference profile id or its ARN. */
export const bedrockModel = z.strictObject({ type: z.literal("integration/model/bedrock"), ...modelCommon, region: awsRegion.optional() });
/**
 * @model AwsAccessKeyBasedAuth, AwsBedrockAssumedRoleBasedAuth, AwsBedrockApiKeyAuth. The assumed
 * role is the keyless way (the gateway assumes it; no static credential in the manifest). Its `type`
 * is the parent's `assumed-role-based`: the generated `"AwsBedrockAssumedRoleBasedAuth"` literal is
 * the same class-name artefact as a routing rule's type.
 */
const bedrockAuth = z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("access-key-based"), access_key_id: noSpace, secret_access_key: noSpace }),
    z.strictObject({
        type: z.literal("assumed-role-based"),
        assumed_role_arn: z.string().regex(/^arn:(aws|aws-us-gov|aws-cn):iam::[0-9]{12}:role(\/[\w+=,.@-]+)+$/, { message: "must be an IAM role ARN" }),
        external_id: z.string().optional(),
    }),
    apiKeyAuth,
]);
/** @model AwsBedrockProviderAccount: keyless (no `auth_data`) uses the gateway's own AWS identity. */
export const bedrockAccount = z.strictObject({
    type: z.literal("provider-account/aws-bedrock"),
    ...accountCommon,
    region: awsRegion,
    auth_data: bedrockAuth.optional(),
    integrations: z.array(bedrockModel),
});

/** Model provider types of the model that splitplane checks only by their common fields. */
export const UNCHECKED_PROVIDER_TYPES = [
    "ai21", "aws-sagemaker", "azure-foundry", "baseten", "cartesia", "cerebras", "cloudera", "cohere", "databricks",
    "deepgram", "deepinfra", "elevenlabs", "google-gemini", "google-vertex", "groq", "mistral-ai", "nomic", "ollama", "openrouter",
    "palm", "perplexity-ai", "sambanova", "snowflake-cortex", "together-ai", "xai",
].map((p) => `provider-account/${p}`);

/** Any other model provider: the name pattern all of them share, and models with a name and type. */
export const uncheckedProviderAccount = z.looseObject({
    type: z.enum(UNCHECKED_PROVIDER_TYPES as [string, ...string[]]),
    name: z.string().regex(ACCOUNT_NAME_PATTERN, { message: `must match ${ACCOUNT_NAME_PATTERN.source}` }),
    integrations: z.array(z.looseObject({ type: z.string(), name: modelName, model_types: z.array(modelType).optional() })).optional(),
});

/**
 * MCP servers (the model's four `mcp-server/*` types, and `tfy-managed`, which mcp-servers.md shows
 * the server accepting) and MCP server groups: accepted with their name checked, not derived.
 */
export const UNCHECKED_MCP_TYPES = ["mcp-server/remote", "mcp-server/openapi", "mcp-server/stdio", "mcp-server/virtual", "mcp-server/tfy-managed", "provider-account/mcp-server-group"];
export const uncheckedMcpServer = z.looseObject({ type: z.enum(UNCHECKED_MCP_TYPES as [string, ...string[]]), name: z.string().min(1) });

/** The derived provider accounts, by `type`. */
export const PROVIDER_ACCOUNTS = {
    "provider-account/openai": openaiAccount,
    "provider-account/anthropic": anthropicAccount,
    "provider-account/azure-openai": azureOpenaiAccount,
    "provider-account/self-hosted-model": selfHostedAccount,
    "provider-account/aws-bedrock": bedrockAccount,
} as const;

/** A model provider account as the checks see it. */
export interface ProviderAccount {
    readonly type: string;
    readonly name: string;
    readonly collaborators?: ReadonlyArray<{ subject: string; role_id: string }>;
    readonly integrations?: ReadonlyArray<{ readonly type: string; readonly name: string; readonly model_types?: readonly string[] }>;
}

/** @model VirtualModel */
export const virtualModel = z.strictObject({
    name: virtualName,
    type: z.literal("integration/model/virtual"),
    /** @default ["chat"] */
    model_types: z.array(modelType).optional(),
    /** Another name clients may call it by, instead of `<group>/<name>`. */
    slug: z.string().regex(/^[a-zA-Z](?:[a-zA-Z0-9\-._]{0,60}[a-zA-Z0-9])$/, { message: "must be a letter, then letters, digits, '-', '.' or '_', 2–62 characters" }).optional(),
    routing_config: routingConfigBlock,
});
export type VirtualModel = z.infer<typeof virtualModel>;

/** @model VirtualModelProviderAccount: a group of virtual models, addressed as `<group>/<name>`. */
export const virtualModelGroup = z.strictObject({
    type: z.literal("provider-account/virtual-model"),
    name: virtualName,
    integrations: z.array(virtualModel),
    collaborators: z.array(collaborator).optional(),
    ownedBy: ownedBy.optional(),
});
export type VirtualModelGroup = z.infer<typeof virtualModelGroup>;

/** @model EnforcingStrategy, in rollout order. Required, with no default (LiteLLM #8108). */
export const enforcingStrategy = z.enum(["audit", "enforce_but_ignore_on_error", "enforce"]);
export type EnforcingStrategy = z.infer<typeof enforcingStrategy>;
/** @model Operation */
export const guardrailOperation = z.enum(["validate", "mutate"]);
/** @model AzureContentSafetyCategory */
export const contentSafetyCategory = z.enum(["Hate", "SelfHarm", "Sexual", "Violence"]);

/** Fields of every guardrail config; `description` has a per-type default upstream. */
const guardrailCommon = { name: guardrailName, description: z.string().optional(), enforcing_strategy: enforcingStrategy };
/** `priority` (`PositiveInt`, default 1) orders mutate guardrails. */
const priority = z.number().int().positive().optional();

/** @model TfyPIIGuardrailConfig: mutate by default. PII category names are checked by the server only. */
export const tfyPiiGuardrail = z.strictObject({
    ...guardrailCommon,
    type: z.literal("integration/guardrail-config/tfy-pii"),
    operation: guardrailOperation.optional(),
    priority,
    config: z.strictObject({ pii_categories: z.array(z.string().min(1)).optional() }),
});
/** @model TfyPromptInjectionGuardrailConfig: validate only. */
export const tfyPromptInjectionGuardrail = z.strictObject({ ...guardrailCommon, type: z.literal("integration/guardrail-config/tfy-prompt-injection"), operation: z.literal("validate") });
/** @model TfyContentModerationGuardrailConfig: validate only. */
export const tfyContentModerationGuardrail = z.strictObject({
    ...guardrailCommon,
    type: z.literal("integration/guardrail-config/tfy-content-moderation"),
    operation: z.literal("validate"),
    config: z.strictObject({ severity_threshold: z.number().optional(), categories: z.array(contentSafetyCategory).optional() }),
});
/** @model SecretDetectionGuardrailConfig: validate by default. */
export const secretDetectionGuardrail = z.strictObject({
    ...guardrailCommon,
    type: z.literal("integration/guardrail-config/secret-detection"),
    operation: guardrailOperation.optional(),
    priority,
    config: z.strictObject({ redaction_text: z.string().optional() }).optional(),
});
/** @model RegexGuardrailConfig (preset names are checked by the server only). */
export const regexGuardrail = z.strictObject({
    ...guardrailCommon,
    type: z.literal("integration/guardrail-config/regex"),
    operation: guardrailOperation.optional(),
    priority,
    config: z.strictObject({
        preset_patterns: z.strictObject({ presets: z.array(z.string()) }).optional(),
        custom_patterns: z.array(z.strictObject({ pattern: z.string(), redaction_text: z.string().optional() })).optional(),
    }),
});

/** Guardrail types of the model that splitplane checks only by their common fields. */
export const UNCHECKED_GUARDRAIL_TYPES = [
    "akto", "aws-bedrock", "azure-content-safety", "azure-pii", "azure-prompt-shield", "cedar", "code-safety-linter", "custom",
    "enkrypt-ai", "fiddler", "google-model-armor", "grayswan-cygnal", "opa", "openai-moderations", "palo-alto-prisma-airs",
    "pangea", "patronus", "sql-sanitizer", "trojai",
].map((g) => `integration/guardrail-config/${g}`);
export const uncheckedGuardrail = z.looseObject({
    ...guardrailCommon,
    type: z.enum(UNCHECKED_GUARDRAIL_TYPES as [string, ...string[]]),
    operation: guardrailOperation.optional(),
    priority,
});

export const guardrailIntegration = z.discriminatedUnion("type", [
    tfyPiiGuardrail,
    tfyPromptInjectionGuardrail,
    tfyContentModerationGuardrail,
    secretDetectionGuardrail,
    regexGuardrail,
    uncheckedGuardrail,
]);

/** A guardrail as the checks see it, with the server's defaults applied by `guardrailDefaults`. */
export interface GuardrailIntegration {
    readonly type: string;
    readonly name: string;
    readonly operation: "validate" | "mutate";
    readonly enforcing_strategy: EnforcingStrategy;
    /** Mutate order, lower first; the server's default is 1. */
    readonly priority: number;
}

/**
 * The operation each type defaults to upstream: tfy-pii mutates, the rest validate. For the
 * unchecked types the default is not read here; validate is assumed and the type is flagged.
 */
export function guardrailDefaults(g: { type: string; name: string; operation?: string; enforcing_strategy: EnforcingStrategy; priority?: number }): GuardrailIntegration {
    const operation = (g.operation ?? (g.type === "integration/guardrail-config/tfy-pii" ? "mutate" : "validate")) as "validate" | "mutate";
    return { type: g.type, name: g.name, operation, enforcing_strategy: g.enforcing_strategy, priority: g.priority ?? 1 };
}

/** @model GuardrailConfigGroup: guardrails are selected as `<group>/<name>`. */
export const guardrailGroup = z.strictObject({
    type: z.literal("provider-account/guardrail-config-group"),
    name: guardrailName,
    collaborators: z.array(collaborator).optional(),
    integrations: z.array(guardrailIntegration),
    ownedBy: ownedBy.optional(),
});
export type GuardrailGroup = z.infer<typeof guardrailGroup>;

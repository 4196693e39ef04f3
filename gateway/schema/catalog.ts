import { z } from "zod";
import { collaborator, loadBalanceTarget, routingStrategy, secretRef, stickyRouting } from "./common";

/**
 * The model catalog: provider accounts with their models, virtual-model groups and guardrail
 * config groups. All three are TrueFoundry "provider accounts" (`type: provider-account/<kind>`).
 */

/** Operation kinds a model serves. */
export const modelType = z.enum(["chat", "completion", "embedding", "rerank", "image", "audio", "realtime", "responses"]);

/**
 * Credentials of a provider account. `type` names the auth method (e.g. `openai-api-key`); every other
 * field must be a secret reference, so a literal key cannot even be written here. Keyless auth
 * (workload identity, on-prem models behind the mesh) omits `auth_data` altogether.
 */
export const authData = z.object({ type: z.string().min(1) }).catchall(secretRef);

const accountName = z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{1,63}$/, { message: "must be 2–64 letters, digits or hyphens, starting with a letter" });

/** One model of a provider account (an "integration" in TrueFoundry's terms). */
export const modelIntegration = z.strictObject({
    /** Integration kind, e.g. `integration/model/openai`. */
    type: z.string().min(1),
    /** Name under the account: the model is addressed as `<account>/<name>`. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be letters, digits, '.', '_' or '-'" }),
    /** The provider's own model id, when it differs from `name`. */
    model_id: z.string().min(1).optional(),
    model_types: z.array(modelType).min(1).optional(),
    /** Self-hosted models: the in-cluster URL of the server. */
    base_url: z.url().optional(),
});

/** `type: provider-account/<provider>`: one account at a model provider and the models it serves. */
export const providerAccount = z.strictObject({
    type: z.string().regex(/^provider-account\/[a-z0-9-]+$/),
    name: accountName,
    auth_data: authData.optional(),
    base_url: z.url().optional(),
    region: z.string().min(1).optional(),
    collaborators: z.array(collaborator).optional(),
    integrations: z.array(modelIntegration).min(1),
});
export type ProviderAccount = z.infer<typeof providerAccount>;

/** One virtual model: a stable name clients call, routed to real catalog models. */
export const virtualModel = z.strictObject({
    type: z.string().min(1).optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be letters, digits, '.', '_' or '-'" }),
    model_types: z.array(modelType).min(1).optional(),
    routing_config: z.strictObject({
        type: routingStrategy,
        load_balance_targets: z.array(loadBalanceTarget).min(1),
        sticky_routing: stickyRouting.optional(),
    }),
});
export type VirtualModel = z.infer<typeof virtualModel>;

/** `type: provider-account/virtual-model`: a group of virtual models, addressed as `<group>/<name>`. */
export const virtualModelGroup = z.strictObject({
    type: z.literal("provider-account/virtual-model"),
    /** Documented rule: 3–64 characters, alphanumeric and hyphens, not starting with a digit. */
    name: z
        .string()
        .regex(/^[A-Za-z-][A-Za-z0-9-]{2,63}$/, { message: "must be 3–64 letters, digits or hyphens and not start with a digit" }),
    collaborators: z.array(collaborator).optional(),
    integrations: z.array(virtualModel).min(1),
});
export type VirtualModelGroup = z.infer<typeof virtualModelGroup>;

/**
 * The three documented enforcing strategies, in rollout order. Required, with no default: a guardrail
 * whose mode was omitted must not silently run (LiteLLM #8108).
 */
export const enforcingStrategy = z.enum(["audit", "enforce_but_ignore_on_error", "enforce"]);
export type EnforcingStrategy = z.infer<typeof enforcingStrategy>;

/** One guardrail integration: what it does (`operation`) and how strictly (`enforcing_strategy`). */
export const guardrailIntegration = z.strictObject({
    /** Provider kind, e.g. `integration/guardrail/pii`. */
    type: z.string().min(1),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be letters, digits, '.', '_' or '-'" }),
    /** `validate` runs in parallel and can only block; `mutate` runs in sequence by `priority`. */
    operation: z.enum(["validate", "mutate"]),
    enforcing_strategy: enforcingStrategy,
    /** mutate only: order of execution, lower first. */
    priority: z.number().int().min(0).optional(),
    auth_data: authData.optional(),
    /** Provider-specific settings, passed through (still scanned for literal credentials). */
    config: z.record(z.string(), z.unknown()).optional(),
});
export type GuardrailIntegration = z.infer<typeof guardrailIntegration>;

/** `type: provider-account/guardrail-config-group`: guardrails are selected as `<group>/<name>`. */
export const guardrailGroup = z.strictObject({
    type: z.literal("provider-account/guardrail-config-group"),
    name: accountName,
    collaborators: z.array(collaborator).optional(),
    integrations: z.array(guardrailIntegration).min(1),
});
export type GuardrailGroup = z.infer<typeof guardrailGroup>;

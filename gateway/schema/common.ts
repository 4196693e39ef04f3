import { z } from "zod";

/**
 * Building blocks shared by the gateway manifest schemas, derived by hand from TrueFoundry's manifest
 * model (`manifest_schemas.py` of truefoundry/tfy-ai-gateway-skills, generated from the server's
 * `manifest_schemas.json`; every model there is `extra = forbid`). Each schema names the model it
 * follows (`@model`); test/gateway/reference.test.ts holds them to that file's field names,
 * optionality, enums and patterns. Where splitplane deliberately differs, the comment says why.
 *
 * Server defaults are not filled in: the compiled manifest carries what the author wrote, and the
 * simulator and checks read the defaults from the constants below.
 */

/** Rule ids of load-balancing, budget and guardrail rules (`BudgetRule.id` and siblings). */
export const RULE_ID_PATTERN = /^[a-zA-Z](?:[a-zA-Z0-9\-]{0,60}[a-zA-Z0-9])$/;
/** Rate-limit rule ids also allow `{}`, `.` and `_` (`RateLimitRule.id`). */
export const RATE_LIMIT_ID_PATTERN = /^[A-Za-z{}][A-Za-z0-9{}._-]{0,60}[A-Za-z0-9{}._]$/;
/** Model provider account names (`OpenaiProviderAccount.name` and the other model providers). */
export const ACCOUNT_NAME_PATTERN = /^[a-z][a-z0-9\-]{1,30}[a-z0-9]$/;
/** Model integration names (`OpenAIModel.name` and siblings). */
export const MODEL_NAME_PATTERN = /^[a-zA-Z](?:[a-zA-Z0-9\-._]{0,60}[a-zA-Z0-9])$/;
/** Virtual-model groups and virtual models (`VirtualModelProviderAccount.name`, `VirtualModel.name`). */
export const VIRTUAL_NAME_PATTERN = /^[a-z][a-z0-9\-_]{1,62}[a-z0-9]$/;
/** Guardrail config groups and their integrations (`GuardrailConfigGroup.name`, `TfyPIIGuardrailConfig.name`). */
export const GUARDRAIL_NAME_PATTERN = /^[a-z][a-z0-9\-]{1,34}[a-z0-9]$/;
/** Credentials and ids in auth data: no whitespace (`OpenaiApiKeyAuth.api_key`). */
export const NO_SPACE_PATTERN = /^\S+$/;

export function patterned(re: RegExp, what: string) {
    return z.string().regex(re, { message: `must match ${re.source} (${what})` });
}
export const ruleIdOf = (re: RegExp) => patterned(re, re === RATE_LIMIT_ID_PATTERN ? "a letter or {, then letters, digits, {}, '.', '_' or '-', 2–62 characters" : "a letter, then letters, digits or '-', 2–62 characters, not ending in '-'");
export const ruleId = ruleIdOf(RULE_ID_PATTERN);
export const accountName = patterned(ACCOUNT_NAME_PATTERN, "lower-case letters, digits and '-', 3–32 characters, starting with a letter");
export const modelName = patterned(MODEL_NAME_PATTERN, "letters, digits, '-', '.' or '_', 2–62 characters, starting with a letter");
export const virtualName = patterned(VIRTUAL_NAME_PATTERN, "lower-case letters, digits, '-' and '_', 3–64 characters, starting with a letter");
export const guardrailName = patterned(GUARDRAIL_NAME_PATTERN, "lower-case letters, digits and '-', 3–36 characters, starting with a letter");
export const noSpace = patterned(NO_SPACE_PATTERN, "no whitespace");

/**
 * A credential reference in TrueFoundry's secret store: `tfy-secret://<tenant>:<secret-group>:<key>`.
 * The server takes any non-blank string; splitplane's governance requires this form (credentials.ts).
 */
export const SECRET_REF_PATTERN = /^tfy-secret:\/\/[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+$/;

/**
 * An HTTP status code. The model types them as strings ("429"). A bare YAML number is accepted and
 * written as a string by `compile`, as pydantic v1's `str` coerces it; ranges are checked in
 * validate/routing.ts so the message can say which code is wrong.
 */
export const statusCode = z.union([z.string(), z.number()]).transform((v) => String(v));

/** @model RateLimitWhen, BudgetWhen, LoadBalancingWhen (identical): all present conditions are ANDed. */
export const ruleWhen = z.strictObject({
    /** `user:<email>`, `team:<name>` or `virtualaccount:<name>`; any one matching is enough. */
    subjects: z.array(z.string()).optional(),
    /** Requested model names (`<provider-account>/<model>` or a virtual model); any one matching. */
    models: z.array(z.string()).optional(),
    /** Exact `key: value` matches against the `X-TFY-METADATA` header; all must match. */
    metadata: z.record(z.string(), z.string()).optional(),
});
export type RuleWhen = z.infer<typeof ruleWhen>;

/** @model Collaborator: access grant on a provider account or group. */
export const collaborator = z.strictObject({ subject: z.string(), role_id: z.string() });

/** @model OwnedBy */
export const ownedBy = z.strictObject({ account: z.string() });

/** @model ModelType */
export const modelType = z.enum(["chat", "completion", "embedding", "realtime", "rerank", "audio_transcription", "audio_translation", "text_to_speech", "moderation", "image", "responses"]);
export type ModelType = z.infer<typeof modelType>;
/** `model_types` defaults to `["chat"]` on every model and virtual model. */
export const DEFAULT_MODEL_TYPES: readonly ModelType[] = ["chat"];

/** The three routing strategies (the `type` of `WeightBasedLoadBalancing` and its siblings). */
export const routingStrategy = z.enum(["weight-based-routing", "latency-based-routing", "priority-based-routing"]);
export type RoutingStrategy = z.infer<typeof routingStrategy>;

/** Server defaults of `RetryConfig` and the target models. */
export const DEFAULT_RETRY_DELAY_MS = 100;
export const DEFAULT_RETRY_STATUS_CODES: readonly string[] = ["429", "500", "502", "503"];
export const DEFAULT_FALLBACK_STATUS_CODES: readonly string[] = ["401", "403", "404", "429", "500", "502", "503"];

/** @model RetryConfig: retried on the same target before any fallback. */
export const retryConfig = z.strictObject({
    /** Retries after the first attempt (`conint(ge=0)`). */
    attempts: z.number().int().min(0),
    /** Milliseconds between attempts (`PositiveInt`). @default 100 */
    delay: z.number().int().positive().optional(),
    /** @default ["429", "500", "502", "503"] */
    on_status_codes: z.array(statusCode).optional(),
});

/** @model SLACutoff (priority-based targets only). */
export const slaCutoff = z.strictObject({ time_per_output_token_ms: z.number().int().positive().optional() });

/** @model HeadersOverride: `{set, remove}`, as the server returns it (not a flat map). */
export const headersOverride = z.strictObject({
    remove: z.array(z.string()).optional(),
    set: z.record(z.string(), z.string()).optional(),
});

/** Fields every target kind has. */
const targetCommon = {
    /** A real catalog model, `<provider-account>/<model>`. */
    target: z.string(),
    retry_config: retryConfig.optional(),
    /** Codes on which the request moves to the next fallback candidate. @default DEFAULT_FALLBACK_STATUS_CODES */
    fallback_status_codes: z.array(statusCode).optional(),
    /** @default true */
    fallback_candidate: z.boolean().optional(),
    override_params: z.record(z.string(), z.unknown()).optional(),
    headers_override: headersOverride.optional(),
    /** The target is only considered when the request's metadata has all of these. */
    metadata_match: z.record(z.string(), z.string()).optional(),
};

/** @model LoadBalanceTarget (weight-based): `weight` is a required integer. */
export const weightTarget = z.strictObject({ ...targetCommon, weight: z.number().int() });
/** @model LatencyBasedLoadBalanceTarget */
export const latencyTarget = z.strictObject(targetCommon);
/** @model PriorityBasedLoadBalanceTarget: `priority` defaults to 0 (`conint(ge=0)`). */
export const priorityTarget = z.strictObject({ ...targetCommon, priority: z.number().int().min(0).optional(), sla_cutoff: slaCutoff.optional() });

/** A target as the checks see it, whatever its strategy. */
export type LoadBalanceTarget = z.infer<typeof latencyTarget> & { weight?: number; priority?: number; sla_cutoff?: z.infer<typeof slaCutoff> };

/** @model Source */
export const stickySource = z.enum(["headers", "metadata"]);

/** @model StickySessionIdentifier */
export const stickySessionIdentifier = z.strictObject({
    source: stickySource,
    key: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, { message: "must be 1–128 header-token characters" }),
});

/** @model StickyRouting (weight-based routing only): a TTL from 30 minutes to a day. */
export const stickyRouting = z.strictObject({
    ttl_seconds: z.number().int().min(1800).max(86400),
    session_identifiers: z.array(stickySessionIdentifier),
});

/** @model WeightBasedLoadBalancing */
export const weightRouting = z.strictObject({ type: z.literal("weight-based-routing"), load_balance_targets: z.array(weightTarget), sticky_routing: stickyRouting.optional() });
/** @model LatencyBasedLoadBalancing */
export const latencyRouting = z.strictObject({ type: z.literal("latency-based-routing"), load_balance_targets: z.array(latencyTarget) });
/** @model PriorityBasedLoadBalancing */
export const priorityRouting = z.strictObject({ type: z.literal("priority-based-routing"), load_balance_targets: z.array(priorityTarget) });

/** A virtual model's `routing_config`: one of the three, by `type`. */
export const routingConfigBlock = z.discriminatedUnion("type", [weightRouting, latencyRouting, priorityRouting]);

/** A routing block as the checks see it. */
export interface RoutingBlock {
    readonly type: RoutingStrategy;
    readonly load_balance_targets: readonly LoadBalanceTarget[];
    readonly sticky_routing?: z.infer<typeof stickyRouting>;
}

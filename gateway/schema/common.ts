import { z } from "zod";

/**
 * Building blocks shared by every gateway manifest schema.
 *
 * Field names follow TrueFoundry's documented manifest formats (truefoundry.com/docs/ai-gateway/…).
 * Every object is strict: an unknown key is an error, because a misspelt key is a setting the
 * gateway silently drops (LiteLLM #37301, #38570 in docs/gateway.md).
 * Checks that need more than one field (weights summing to 100, subjects well formed, …) live in
 * `gateway/validate/` so that they can name the fix; the schemas only fix shapes and enums.
 */

/** A rule or resource id: what logs, metrics and `x-tfy-applied-configurations` show. */
export const ruleId = z.string().min(1).max(128);

/**
 * A credential held in TrueFoundry's secret store: `tfy-secret://<tenant>:<secret-group>:<key>`.
 * The store itself is backed by the cloud secret manager; the manifest only carries the name.
 */
export const SECRET_REF_PATTERN = /^tfy-secret:\/\/[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+$/;
export const secretRef = z
    .string()
    .regex(SECRET_REF_PATTERN, { message: "must be a secret reference tfy-secret://<tenant>:<secret-group>:<key>, never a literal value" });

/**
 * An HTTP status code. TrueFoundry writes them as strings ("429"); a bare YAML number is accepted
 * and normalised to a string so that the compiled manifest matches the documented form.
 * Range checks (100–599) are in validate/routing.ts so the message can say which code is wrong.
 */
export const statusCode = z.union([z.string(), z.number()]).transform((v) => String(v));

/** The `when` block of routing, rate-limit and budget rules: all present conditions are ANDed. */
export const ruleWhen = z.strictObject({
    /** `user:<email>`, `team:<name>` or `virtualaccount:<name>`; any one matching is enough. */
    subjects: z.array(z.string()).optional(),
    /** Requested model names (`<provider-account>/<model>` or a virtual model); any one matching. */
    models: z.array(z.string()).optional(),
    /** Exact `key: value` matches against the `X-TFY-METADATA` header; all must match. */
    metadata: z.record(z.string(), z.string()).optional(),
});
export type RuleWhen = z.infer<typeof ruleWhen>;

/** Access grant on a provider account or group (`role_id` as defined in the control plane). */
export const collaborator = z.strictObject({
    subject: z.string(),
    role_id: z.string().min(1),
});

/** The three documented routing strategies (load-balancing-overview). */
export const routingStrategy = z.enum(["weight-based-routing", "latency-based-routing", "priority-based-routing"]);
export type RoutingStrategy = z.infer<typeof routingStrategy>;

/** `retry_config` of a target: retried on the same target before any fallback. */
export const retryConfig = z.strictObject({
    /** Retries after the first attempt. */
    attempts: z.number().int().min(0).max(10),
    /** Milliseconds between attempts. */
    delay: z.number().int().min(0).optional(),
    on_status_codes: z.array(statusCode).optional(),
});

/** One entry of `load_balance_targets`. Strategy-specific fields are checked in validate/routing.ts. */
export const loadBalanceTarget = z.strictObject({
    /** A real catalog model, `<provider-account>/<model>`. */
    target: z.string().min(1),
    /** weight-based-routing only: integer share 0–100; the weights of a rule sum to 100. */
    weight: z.number().optional(),
    /** priority-based-routing only: lower is tried first. */
    priority: z.number().optional(),
    retry_config: retryConfig.optional(),
    /** Status codes on which the request moves to the next fallback candidate. */
    fallback_status_codes: z.array(statusCode).optional(),
    /** Whether this target may receive fallback traffic. Absent means true (TrueFoundry's default). */
    fallback_candidate: z.boolean().optional(),
    /** Request parameters forced for this target (e.g. `temperature`). */
    override_params: z.record(z.string(), z.unknown()).optional(),
    /** Per-attempt timeout in milliseconds (same meaning as `x-tfy-request-timeout`). */
    timeout_ms: z.number().int().positive().optional(),
    /** Extra request headers for this target; credentials here must be secret references. */
    headers_override: z.record(z.string(), z.string()).optional(),
    /** priority-based-routing only: skip the target while it is slower than this. */
    sla_cutoff: z.strictObject({ time_per_output_token_ms: z.number().positive() }).optional(),
});
export type LoadBalanceTarget = z.infer<typeof loadBalanceTarget>;

/** Per-rule sticky routing (shape as seen in TrueFoundry's examples; not in the reference schema). */
export const stickyRouting = z.strictObject({
    ttl_seconds: z.number().int().positive(),
    session_identifiers: z.array(z.strictObject({ source: z.enum(["headers", "metadata"]), key: z.string().min(1) })).min(1),
});

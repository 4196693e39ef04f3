import { z } from "zod";
import { GATEWAY_VERSION } from "../version";

/**
 * `type: splitplane/gateway-contract`: splitplane's own document, never sent to the control plane.
 * It holds what the gateway cannot express but validation needs: the metadata contract every
 * request's `X-TFY-METADATA` must follow, and the limits fallback chains must respect.
 */

/** Metadata values are strings of at most 128 characters (request-headers docs). */
export const METADATA_VALUE_MAX = 128;

export const metadataKey = z.strictObject({
    /** Header key, e.g. `project_id`. */
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { message: "must be lower_snake_case, at most 64 characters" }),
    /**
     * Every request must send it. The gateway cannot match "key absent", so enforcement is a catch-all
     * rate-limit / budget rule with a low limit for untagged traffic; simulation reports the gap.
     * @default false
     */
    required: z.boolean().default(false),
    /** Allowed values; mutually exclusive with `pattern`. */
    values: z.array(z.string().min(1).max(METADATA_VALUE_MAX)).min(1).optional(),
    /** Regular expression (anchored by you) the value must match; mutually exclusive with `values`. */
    pattern: z.string().min(1).optional(),
    description: z.string().optional(),
});
export type MetadataKey = z.infer<typeof metadataKey>;

export const gatewayContract = z.strictObject({
    type: z.literal("splitplane/gateway-contract"),
    name: z.string().min(1),
    /**
     * The gateway version this config was written for; must equal splitplane's pinned version.
     * @default "0.168.0"
     */
    gateway_version: z.string().default(GATEWAY_VERSION),
    /**
     * End-to-end budget for one request, retries and fallbacks included, in ms. Matches the chart's
     * `httpRoute.timeouts.backendRequest` (600s): past it the mesh cuts the request anyway.
     * @default 600000
     */
    request_timeout_ms: z.number().int().positive().default(600_000),
    /**
     * Per-attempt timeout the clients send as `x-tfy-request-timeout` (the manifest schema has no
     * per-target timeout); without it the timeout checks do not run (no guessing). @default undefined
     */
    attempt_timeout_ms: z.number().int().positive().optional(),
    /**
     * How many fallback steps one request may take across all targets and chained routes.
     * @default 3
     */
    max_fallback_depth: z.number().int().min(0).max(10).default(3),
    metadata: z.array(metadataKey).default([]),
});
export type GatewayContract = z.infer<typeof gatewayContract>;

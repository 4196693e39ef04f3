/**
 * The one TrueFoundry AI Gateway version splitplane's gateway schemas are written against.
 *
 * Chart `tfy-llm-gateway` 0.168.0 (image `v0.168.0`, truefoundry/infra-charts tag
 * `tfy-llm-gateway-0.168.0`). Guardrail rules use the schema introduced in gateway v0.116
 * (`llm_input_guardrails`, `when.target`), not the older `input_guardrails` / `when.models`.
 * Bumping this is a deliberate change: re-read the upstream docs for every manifest type first.
 */
export const GATEWAY_VERSION = "0.168.0";

/** Image tag of the pinned gateway (the chart's own `image.tag`). */
export const GATEWAY_IMAGE_TAG = `v${GATEWAY_VERSION}`;

/** Helm chart that deploys the gateway pods. */
export const GATEWAY_CHART = "tfy-llm-gateway";

/** First gateway version whose guardrail-rule schema these types follow. */
export const GUARDRAILS_SCHEMA_SINCE = "0.116";

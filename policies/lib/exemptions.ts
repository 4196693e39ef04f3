import type { PolicyConfigSchema } from "@pulumi/policy";
import { asString, Scan, UNSEEN } from "./scan";

/**
 * Exemptions are explicit and justified, and every one shows in the plan report (the policy
 * calls `args.notApplicable("exempted: <reason>")`, which the engine lists).
 *
 * - By URN: the policy's config lists `{ urn, reason }` (from the stack's `splitplane:policy.exemptions`).
 * - By tag: the resource carries `splitplane:exemption` (AWS/Azure tag) or the annotation
 *   `splitplane.dev/exemption` (Kubernetes; annotation keys cannot hold a colon) whose value is
 *   `<policy>[ <policy>...]: <reason>`; honoured only when the policy's config sets
 *   `tagExemptions: true`, so a resource cannot exempt itself unless the stack allows it.
 *
 * With no config at all there are no exemptions: the pack is at its strictest.
 */

export const EXEMPTION_TAG = "splitplane:exemption";
export const EXEMPTION_ANNOTATION = "splitplane.dev/exemption";
/** Same floor as the stack config schema's `policy.exemptions[].reason`. */
export const MIN_REASON_LENGTH = 10;

export interface ExemptionConfig {
    exemptions?: Array<{ urn: string; reason: string }>;
    tagExemptions?: boolean;
}

/** The config every splitplane policy accepts (CrossGuard validates `--policy-pack-config` against it). */
export const exemptionConfigSchema: PolicyConfigSchema["properties"] = {
    exemptions: {
        type: "array",
        description: "Resources exempted from this policy, each with the reason (shown in the plan report).",
        items: {
            type: "object",
            properties: { urn: { type: "string", pattern: "^urn:pulumi:" }, reason: { type: "string", minLength: MIN_REASON_LENGTH } },
            required: ["urn", "reason"],
            additionalProperties: false,
        },
        default: [],
    },
    tagExemptions: {
        type: "boolean",
        description: `Honour a '${EXEMPTION_TAG}' tag (Kubernetes: '${EXEMPTION_ANNOTATION}' annotation) of the form '<policy>: <reason>'.`,
        default: false,
    },
};

/** The reason a URN is exempted by config, if it is. */
export function urnExemption(config: ExemptionConfig, urn: string): string | undefined {
    const list = Array.isArray(config.exemptions) ? config.exemptions : [];
    for (const e of list) if (e && e.urn === urn && typeof e.reason === "string") return e.reason;
    return undefined;
}

export type TagVerdict = { exempt: true; reason: string } | { exempt: false; problem?: string };

/**
 * Parses an exemption tag value for one policy: `aws-lb-internal-only: public inference endpoint`
 * or `aws-lb-internal-only aws-sg-no-internet-ingress: public inference endpoint behind WAF`.
 */
export function parseExemptionTag(value: string, policy: string): TagVerdict {
    const colon = value.indexOf(":");
    if (colon < 0) return { exempt: false };
    const names = value.slice(0, colon).trim().split(/\s+/);
    if (!names.includes(policy)) return { exempt: false };
    const reason = value.slice(colon + 1).trim();
    if (reason.length < MIN_REASON_LENGTH) {
        return { exempt: false, problem: `its ${EXEMPTION_TAG} tag names this policy but gives no reason of at least ${MIN_REASON_LENGTH} characters` };
    }
    return { exempt: true, reason };
}

/**
 * Reads a resource's exemption tag (or annotation) without ever throwing: an unknown tag value is
 * not an exemption, so the resource is judged strictly.
 */
export function tagExemption(type: string, props: unknown, policy: string): TagVerdict {
    const scan = new Scan();
    const raw = type.startsWith("kubernetes:") ? scan.at(props, "metadata", "annotations", EXEMPTION_ANNOTATION) : scan.at(props, "tags", EXEMPTION_TAG);
    const value = raw === UNSEEN ? undefined : asString(raw);
    return value === undefined ? { exempt: false } : parseExemptionTag(value, policy);
}

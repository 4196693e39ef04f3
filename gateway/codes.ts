/**
 * Every rule the gateway validator applies, by its stable code, with its kind:
 *
 * - `format`: TrueFoundry's control plane would refuse the config (its manifest schema, derived in
 *   `gateway/schema/`), or it cannot be read at all. Always an error.
 * - `semantic`: accepted, but it would route, limit or guard differently from what the author meant.
 *   An error, or an advisory warning where the rule says so.
 * - `governance`: splitplane's own rules on top of TrueFoundry's (catch-alls, guardrails by phase, the
 *   metadata contract). Their level is the environment's `splitplane:gateway.governance` (error by
 *   default); `literal-credential` is always an error, whatever the level.
 *
 * docs/gateway.md lists each code with its kind; a test keeps the two in step.
 */

export type RuleKind = "format" | "semantic" | "governance";

interface RuleInfo {
    readonly kind: RuleKind;
    readonly severity: "error" | "warning";
}

const format = { kind: "format", severity: "error" } as const;
const semantic = { kind: "semantic", severity: "error" } as const;
const advisory = { kind: "semantic", severity: "warning" } as const;
const governance = { kind: "governance", severity: "error" } as const;

export const RULES = {
    // format
    syntax: format,
    "alias-limit": format,
    "unknown-type": format,
    "unknown-key": format,
    schema: format,
    "unchecked-type": { kind: "format", severity: "warning" },
    // semantic
    "duplicate-key": semantic,
    "duplicate-id": semantic,
    "unknown-target": semantic,
    "virtual-target": semantic,
    "duplicate-target": semantic,
    "target-operation": semantic,
    "fallback-cycle": semantic,
    weights: semantic,
    priorities: semantic,
    "status-code": semantic,
    "retry-4xx": advisory,
    "fallback-4xx": advisory,
    "timeout-budget": semantic,
    "shadowed-rule": semantic,
    subject: semantic,
    "empty-condition": semantic,
    "unknown-model": semantic,
    "applies-per": semantic,
    "limit-value": semantic,
    "alert-thresholds": semantic,
    "guardrail-selector": semantic,
    "guardrail-hook": semantic,
    "guardrail-target": semantic,
    "guardrail-priority": advisory,
    "empty-rule": advisory,
    "rate-limit-id": semantic,
    "ambiguous-route": advisory,
    // governance
    "catch-all": governance,
    "guardrail-phase": governance,
    "metadata-undeclared": governance,
    "metadata-value": governance,
    "fallback-depth": governance,
    "gateway-version": governance,
    contract: governance,
    "literal-credential": governance,
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

/** Governance rules whose level the environment cannot lower. */
export const ALWAYS_ERROR: ReadonlySet<RuleCode> = new Set<RuleCode>(["literal-credential"]);

/** The per-environment level of governance findings (`splitplane:gateway.governance`). */
export type GovernanceLevel = "error" | "warning";

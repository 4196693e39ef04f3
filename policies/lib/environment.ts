import type { PolicyResource } from "@pulumi/policy";

/**
 * Whether a stack is known to be production, and on what evidence. Prod-only rules apply only
 * where this says so: a program checked with no stack config (`npm run check -- my.ts`, or
 * `pulumi preview --policy-pack policies` without `--policy-pack-config`) is not prod by default,
 * so its correct stateful resources are not blocked for lacking `protect`.
 *
 * Evidence, first match wins:
 * 1. the policy config (from the stack's `splitplane:policy` and `splitplane:environment`, written
 *    by `packConfigFor`): `enforced: true`, or `environment` (any value: an explicit `dev` or
 *    `staging` is final, whatever the stack is called);
 * 2. a stack tag `splitplane:environment` or `environment` of `prod`/`production` (Pulumi Cloud stack
 *    tags, `pulumi stack tag set splitplane:environment prod`; the offline plan sets the first);
 * 3. the stack's name, read from the resources' URNs: `prod` or `production` as a whole word
 *    (`prod`, `aws-prod`, `prod-eu`, `app.production`), never inside a word (`product`).
 */
export interface ProdConfig {
    environment?: unknown;
    enforced?: unknown;
}

const PROD_VALUES = new Set(["prod", "production"]);
const PROD_NAME = /(^|[-_.])(prod|production)($|[-_.])/i;

/** The stack name of a URN (`urn:pulumi:<stack>::<project>::…`). */
export function stackOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m?.[1];
}

/** Why the stack counts as prod, or undefined when nothing says it is. */
export function prodEvidence(config: ProdConfig, stackTags: ReadonlyMap<string, string>, resources: readonly Pick<PolicyResource, "urn">[]): string | undefined {
    if (config.enforced === true) return "splitplane:policy.enforce lists this policy";
    if (typeof config.environment === "string") return PROD_VALUES.has(config.environment.toLowerCase()) ? `splitplane:environment is ${config.environment}` : undefined;
    for (const tag of ["splitplane:environment", "environment"]) {
        const v = stackTags.get(tag);
        if (v !== undefined) return PROD_VALUES.has(v.toLowerCase()) ? `the stack tag ${tag} is ${v}` : undefined;
    }
    const stack = resources.length > 0 ? stackOfUrn(resources[0].urn) : undefined;
    if (stack !== undefined && PROD_NAME.test(stack)) return `the stack is named ${stack}`;
    return undefined;
}

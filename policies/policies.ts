import type { PolicyPackConfig } from "@pulumi/policy";
import { ConfigError } from "../config/errors";
import type { StackConfig } from "../config/schema";
import { catalog, policyNames } from "./catalog";
import { meta as stateful } from "./stack/prod-stateful-protected";

export { allPolicies, catalog, modules, policyNames } from "./catalog";
export type { PolicyMeta, PolicyModule, Theme } from "./lib/define";
export { EXEMPTION_ANNOTATION, EXEMPTION_TAG } from "./lib/exemptions";

/**
 * Turns a stack's `splitplane:policy` section and environment into CrossGuard policy config
 * (what `pulumi preview --policy-pack policies --policy-pack-config <file>` reads):
 *
 * - `enforce: [name]` makes an advisory (hardening) policy mandatory;
 * - `exemptions: [{ policy, urn, reason }]` become that policy's `exemptions` (each shows in the plan report);
 * - a stack with config honours `splitplane:exemption` tags (`tagExemptions: true`); with no config
 *   at all, neither tags nor anything else exempts (the pack is at its strictest);
 * - the stateful-protection policy applies to prod stacks only, unless `enforce` lists it; it is
 *   told the stack's environment, so that the same config judged by the real CrossGuard runner
 *   reaches the same verdict (with no config it decides from stack tags and the stack's name).
 *
 * @throws ConfigError naming the key, when `enforce` or an exemption names no policy
 */
export function packConfigFor(cfg: StackConfig, source = "stack config"): PolicyPackConfig {
    const problems: string[] = [];
    const known = [...policyNames].join(", ");
    cfg.policy.enforce.forEach((name, i) => {
        if (!policyNames.has(name)) problems.push(`${source}: splitplane:policy.enforce[${i}] must name a splitplane policy (got ${JSON.stringify(name)}; known: ${known})`);
    });
    cfg.policy.exemptions.forEach((e, i) => {
        if (!policyNames.has(e.policy)) problems.push(`${source}: splitplane:policy.exemptions[${i}].policy must name a splitplane policy (got ${JSON.stringify(e.policy)}; known: ${known})`);
    });
    if (problems.length > 0) throw new ConfigError(problems);

    const enforced = new Set(cfg.policy.enforce);
    const config: PolicyPackConfig = {};
    for (const m of catalog) {
        const exemptions = cfg.policy.exemptions.filter((e) => e.policy === m.name).map(({ urn, reason }) => ({ urn, reason }));
        let enforcementLevel: "mandatory" | "advisory" | "disabled" = enforced.has(m.name) ? "mandatory" : m.level;
        if (m.name === stateful.name && cfg.environment !== "prod" && !enforced.has(m.name)) enforcementLevel = "disabled";
        config[m.name] = { enforcementLevel, exemptions, tagExemptions: true };
        if (m.name === stateful.name) Object.assign(config[m.name], { environment: cfg.environment, enforced: enforced.has(m.name) });
    }
    return config;
}

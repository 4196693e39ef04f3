/** AWS resource tags. */
export type Tags = Record<string, string>;

/** The keys every taggable resource carries, whatever the caller says. */
export interface EnforcedTagValues {
    stack: string;
    phase: number;
    costCenter: string;
}

export function enforcedTags(v: EnforcedTagValues): Tags {
    return { "splitplane:stack": v.stack, "splitplane:phase": String(v.phase), "splitplane:cost-center": v.costCenter };
}

/**
 * Merges tags in the fixed order shared → caller's → enforced, so a caller can override a shared
 * tag but never an enforced one (a stack cannot hide its cost centre).
 */
export function mergeTags(shared: Tags, caller: Tags, enforced: Tags): Tags {
    return { ...shared, ...caller, ...enforced };
}

/**
 * Tags for machines: the EC2NodeClass's `spec.tags` and the launch template's tag specifications.
 * A change there rolls every node (Karpenter replaces drifted nodes; a launch template change is a
 * new version the node group rolls out), so the phase, which changes with every promotion, stays
 * off them; it remains on the node pools' and groups' own resources.
 */
export function machineTags(tags: Tags): Tags {
    return Object.fromEntries(Object.entries(tags).filter(([k]) => k !== "splitplane:phase"));
}

/** A child's tags: its own Name first, then the component's tags (which already hold the enforced keys). */
export function withName(tags: Tags, name: string): Tags {
    return { Name: name, ...tags };
}

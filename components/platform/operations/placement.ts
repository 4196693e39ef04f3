import type { ComputePlane, NodePlacement, Toleration } from "../../compute-plane";

/**
 * Where the operations controllers run: the plane's on-demand placement (never spot-only
 * capacity, never a pool that idle pause removes). Read through this one function so that
 * every controller's choice is the same and is named in one place.
 */
export function controllerPlacement(plane: Pick<ComputePlane, "nodePools">): NodePlacement {
    return plane.nodePools.onDemand;
}

/** The two scheduling fields most charts take at one level, as plain data (copies, never shared references). */
export function podPlacement(p: NodePlacement): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
    return { nodeSelector: { ...p.nodeSelector }, tolerations: p.tolerations.map((t) => ({ ...t })) };
}

/** Whether two placements select the same capacity (equal node selectors). */
export function samePlacement(a: NodePlacement, b: NodePlacement): boolean {
    const ka = Object.keys(a.nodeSelector).sort();
    const kb = Object.keys(b.nodeSelector).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.nodeSelector[k] === b.nodeSelector[k]);
}

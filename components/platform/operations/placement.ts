import type { ComputePlane, NodePlacement, NodePoolPlacements, Toleration } from "../../compute-plane";

/**
 * Where the operations controllers run: the plane's on-demand placement (never spot-only
 * capacity, never a pool that idle pause removes). Read through this one function so that the
 * contract field is named in one place.
 */
export function controllerPlacement(plane: Pick<ComputePlane, "nodePools">): NodePlacement {
    const onDemand = (plane.nodePools as NodePoolPlacements & { onDemand?: NodePlacement }).onDemand;
    if (!onDemand) {
        throw new Error("ComputePlane.nodePools.onDemand is missing: the operations controllers (Argo CD, Argo Rollouts, KEDA, Prometheus, the OTel Collector) run only on on-demand capacity; the plane must provide that placement");
    }
    return onDemand;
}

/** The two scheduling fields most charts take at one level, as plain data (copies, never shared references). */
export function podPlacement(p: NodePlacement): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
    return { nodeSelector: { ...p.nodeSelector }, tolerations: p.tolerations.map((t) => ({ ...t })) };
}

/** Same placement, or not: two pools are the same capacity when their selectors are equal. */
export function samePlacement(a: NodePlacement, b: NodePlacement): boolean {
    const ka = Object.keys(a.nodeSelector).sort();
    const kb = Object.keys(b.nodeSelector).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.nodeSelector[k] === b.nodeSelector[k]);
}

import type { GatewayConfigSet } from "../config-set";
import type { DocSource, IssuePath, IssueSink } from "../issues";
import type { LoadBalanceTarget } from "../schema";
import { fallbackSteps } from "./routing";

/**
 * The routing graph: an edge from a requested model to each target that a route for it may send the
 * request to. Routes are virtual models and routing rules that name the model in `when.models`
 * (a rule without `models` applies to any model and is not a hop of its own). A target equal to the
 * requested model is the direct call, not a hop.
 *
 * Whether the gateway re-routes a target that has a route of its own is not documented, so splitplane
 * reads it conservatively: it might. Then A → B plus B → A is a loop (LiteLLM #6498, #7091), and the
 * fallback steps of chained routes add up.
 */

interface Route {
    readonly from: string;
    readonly targets: readonly LoadBalanceTarget[];
    readonly source: DocSource;
    readonly path: IssuePath;
}

function routesOf(set: GatewayConfigSet): Map<string, Route[]> {
    const routes = new Map<string, Route[]>();
    const add = (r: Route) => {
        const list = routes.get(r.from);
        if (list) list.push(r);
        else routes.set(r.from, [r]);
    };
    for (const [id, vm] of set.virtualModels) {
        add({ from: id, targets: vm.model.routing_config.load_balance_targets, source: vm.source, path: [...vm.path, "routing_config"] });
    }
    set.routing?.value.rules.forEach((rule, i) => {
        for (const m of new Set(rule.when.models ?? [])) {
            add({ from: m, targets: rule.load_balance_targets, source: set.routing!.source, path: ["rules", i] });
        }
    });
    return routes;
}

export function checkFallbackGraph(set: GatewayConfigSet, sink: IssueSink): void {
    const routes = routesOf(set);
    const next = (node: string) => (routes.get(node) ?? []).flatMap((r) => r.targets.map((t) => ({ to: t.target, route: r }))).filter((e) => e.to !== node);

    // Cycles: depth-first search with an explicit stack of the current path.
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (node: string): void => {
        state.set(node, "open");
        stack.push(node);
        for (const { to, route } of next(node)) {
            const s = state.get(to);
            if (s === "open") {
                const cycle = [...stack.slice(stack.indexOf(to)), to];
                const key = [...cycle].sort().join("|");
                if (!reported.has(key)) {
                    reported.add(key);
                    sink.report("fallback-cycle", route.source, route.path, {
                        message: `routing loop ${cycle.join(" → ")}: a request can be routed back to a model it came from`,
                        expected: "routes that never lead back to the requested model",
                        actual: `"${route.from}" routes to "${to}", which routes back`,
                        fix: `break the loop: do not route "${route.from}" to "${to}", or remove the route for "${to}"`,
                    });
                }
            } else if (s === undefined) visit(to);
        }
        stack.pop();
        state.set(node, "done");
    };
    for (const node of routes.keys()) if (!state.has(node)) visit(node);

    // Depth: fallback steps of a route plus the deepest chained route behind any of its targets.
    const memo = new Map<string, number>();
    const depthOf = (node: string, seen: Set<string>): number => {
        const known = memo.get(node);
        if (known !== undefined) return known;
        if (seen.has(node)) return 0; // a loop, reported above
        seen.add(node);
        let best = 0;
        for (const r of routes.get(node) ?? []) best = Math.max(best, routeDepth(r, seen));
        seen.delete(node);
        memo.set(node, best);
        return best;
    };
    const routeDepth = (r: Route, seen: Set<string>): number => {
        let chained = 0;
        for (const t of r.targets) if (t.target !== r.from) chained = Math.max(chained, depthOf(t.target, seen));
        return fallbackSteps(r.targets) + chained;
    };
    const max = set.contract.max_fallback_depth;
    const done = new Set<string>();
    for (const list of routes.values()) {
        for (const r of list) {
            const key = `${r.source.file}#${r.source.doc}#${r.path.join(".")}`;
            if (done.has(key)) continue;
            done.add(key);
            const d = routeDepth(r, new Set([r.from]));
            if (d > max) {
                sink.report("fallback-depth", r.source, [...r.path, "load_balance_targets"], {
                    message: `a request for "${r.from}" can fall back ${d} times (chained routes included), more than the contract allows`,
                    expected: `at most max_fallback_depth ${max}`,
                    actual: String(d),
                    fix: "set fallback_candidate: false on targets that should not take fallback traffic, remove chained routes, or raise max_fallback_depth in the contract",
                });
            }
        }
    }
}

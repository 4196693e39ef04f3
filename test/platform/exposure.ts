import type { ProgramRun } from "../../engine/resource";
import { byType, inputsOf } from "../../engine/testing";

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every load balancer the recorded resources ask for, with where and its annotations: Service
 * objects of type LoadBalancer, and `service`-like maps with `type: LoadBalancer` anywhere in a
 * Helm release's values (charts are not rendered offline, so their Services are judged on values).
 */
export function loadBalancers(run: ProgramRun): { where: string; annotations: Record<string, unknown> }[] {
    const out: { where: string; annotations: Record<string, unknown> }[] = [];
    for (const svc of byType(run, "kubernetes:core/v1:Service")) {
        const i = inputsOf(svc);
        if (i.spec?.type === "LoadBalancer") out.push({ where: svc.name, annotations: i.metadata?.annotations ?? {} });
    }
    const walk = (v: unknown, at: string) => {
        if (!isMap(v)) return;
        if (v.type === "LoadBalancer") out.push({ where: at, annotations: isMap(v.annotations) ? v.annotations : {} });
        for (const [k, child] of Object.entries(v)) walk(child, `${at}.${k}`);
    };
    for (const r of byType(run, "kubernetes:helm.sh/v3:Release")) walk(inputsOf(r).values, `${r.name}.values`);
    return out;
}

/** The load balancers among them that lack any of `required` (the plane's internal annotations). */
export function publicLoadBalancers(run: ProgramRun, required: Record<string, string>): string[] {
    return loadBalancers(run)
        .filter((lb) => Object.entries(required).some(([k, v]) => lb.annotations[k] !== v))
        .map((lb) => lb.where);
}

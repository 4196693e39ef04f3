import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane } from "../../compute-plane";
import { DashboardTargets, splitPlaneDashboards } from "./dashboard-json";

/**
 * The label Grafana's dashboard sidecar (k8s-sidecar) watches. The grafana chart's default is
 * `sidecar.dashboards.label: grafana_dashboard` with any value; kube-prometheus-stack sets the
 * value to "1" and `searchNamespace: ALL`. With both, the bundled Grafana and a Grafana of your
 * own on the chart's defaults (plus `sidecar.dashboards.enabled`) load these ConfigMaps.
 */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;


/** The ConfigMaps, as plain data: one dashboard each, named by role, carrying the sidecar's label. */
export function dashboardConfigMaps(namespace: string, targets: DashboardTargets): { role: string; name: string; uid: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> }[] {
    return splitPlaneDashboards(targets).map(({ role, dashboard }) => {
        const name = `splitplane-dashboard-${role}`;
        return {
            role,
            name,
            uid: dashboard.uid,
            metadata: { name, namespace, labels: { ...DASHBOARD_LABEL, "app.kubernetes.io/managed-by": "splitplane" } },
            // The sidecar writes each key as a file Grafana provisions: one JSON file per dashboard.
            data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboard) },
        };
    });
}

export interface DashboardsArgs {
    plane: ComputePlane;
    /** Where the ConfigMaps live: Prometheus's namespace. */
    namespace: string;
    targets: DashboardTargets;
    /** The release that makes the namespace (kube-prometheus-stack). */
    metricsRelease: pulumi.Resource;
}

/**
 * Grafana dashboards of the split plane (phase 1, `operations.metrics.dashboards`). What they read,
 * the scrape of the mesh's sidecars, comes with Prometheus (`Metrics`). Cloud-neutral: Kubernetes
 * objects on the plane only.
 */
export class Dashboards extends pulumi.ComponentResource {
    /** The uids of the dashboards delivered, for links. */
    readonly uids: string[];

    constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:Dashboards", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.plane.provider, dependsOn: [args.metricsRelease] };
        // Child names `${name}-<role>` must never change: a rename replaces the object.
        const maps = dashboardConfigMaps(args.namespace, args.targets);
        for (const m of maps) new k8s.core.v1.ConfigMap(`${name}-${m.role}`, { metadata: m.metadata, data: m.data }, k8sOpts);
        this.uids = maps.map((m) => m.uid);
        this.registerOutputs({ uids: this.uids });
    }
}

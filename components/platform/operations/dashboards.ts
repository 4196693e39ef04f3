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

/**
 * The PodMonitor that scrapes every meshed pod's sidecar. Prometheus runs outside the mesh; with
 * istiod's `enablePrometheusMerge` (the mesh sets it) each sidecar serves Envoy's Istio metrics and
 * the app's own (from the app's original `prometheus.io/*` annotations) on the pilot-agent's port
 * 15020 at `/stats/prometheus`, outside mTLS, and the injector rewrites the pod's
 * `prometheus.io/port` and `path` annotations to point there. kube-prometheus-stack has no
 * annotation-driven scrape job, so without this object Prometheus never reads them. The steps are
 * those of Istio's Prometheus Operator integration (istio.io/latest/docs/ops/integrations/prometheus):
 * keep the `istio-proxy` container of pods carrying the scrape annotation, target the annotated
 * port on the pod's IP; `istio-prometheus-ignore` opts a pod out.
 */
export function meshSidecarPodMonitor(namespace: string): Record<string, unknown> {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "istio-sidecars", namespace, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        spec: {
            selector: { matchExpressions: [{ key: "istio-prometheus-ignore", operator: "DoesNotExist" }] },
            namespaceSelector: { any: true },
            jobLabel: "istio-sidecars",
            podMetricsEndpoints: [
                {
                    path: "/stats/prometheus",
                    relabelings: [
                        { action: "keep", sourceLabels: ["__meta_kubernetes_pod_container_name"], regex: "istio-proxy" },
                        { action: "keep", sourceLabels: ["__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape"], regex: "true" },
                        // The annotated port on the pod's IP: IPv4, then IPv6 in brackets (the two patterns never both match).
                        { action: "replace", sourceLabels: ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"], regex: "(\\d+);((\\d+\\.){3}\\d+)", replacement: "$2:$1", targetLabel: "__address__" },
                        { action: "replace", sourceLabels: ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"], regex: "(\\d+);([A-Fa-f0-9:]+)", replacement: "[$2]:$1", targetLabel: "__address__" },
                    ],
                },
            ],
        },
    };
}

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
    /** Where the ConfigMaps and the PodMonitor live: Prometheus's namespace. */
    namespace: string;
    targets: DashboardTargets;
    /** The release that installs the PodMonitor CRD (kube-prometheus-stack) and makes the namespace. */
    metricsRelease: pulumi.Resource;
}

/**
 * Grafana dashboards of the split plane (phase 1, `operations.metrics.dashboards`), and the
 * scrape of the mesh's sidecars they read. Cloud-neutral: Kubernetes objects on the plane only.
 */
export class Dashboards extends pulumi.ComponentResource {
    /** The uids of the dashboards delivered, for links. */
    readonly uids: string[];

    constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:Dashboards", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.plane.provider, dependsOn: [args.metricsRelease] };
        // Child names `${name}-sidecar-monitor` and `${name}-<role>` must never change: a rename replaces the object.
        new k8s.apiextensions.CustomResource(`${name}-sidecar-monitor`, meshSidecarPodMonitor(args.namespace) as k8s.apiextensions.CustomResourceArgs, k8sOpts);
        const maps = dashboardConfigMaps(args.namespace, args.targets);
        for (const m of maps) new k8s.core.v1.ConfigMap(`${name}-${m.role}`, { metadata: m.metadata, data: m.data }, k8sOpts);
        this.uids = maps.map((m) => m.uid);
        this.registerOutputs({ uids: this.uids });
    }
}

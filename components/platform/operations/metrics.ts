import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane, NodePlacement } from "../../compute-plane";
import { controllerPlacement, podPlacement } from "./placement";
import { chartRelease, operationsNamespace } from "../release";

export const PROMETHEUS_COMMUNITY_REPO = "https://prometheus-community.github.io/helm-charts";
export const METRICS_SERVER_REPO = "https://kubernetes-sigs.github.io/metrics-server/";

/** The Service the Prometheus operator creates for every Prometheus in a namespace; the agent's default endpoint. */
export const prometheusEndpoint = (namespace: string) => `http://prometheus-operated.${namespace}.svc.cluster.local:9090`;

export interface PrometheusSizing {
    retentionDays: number;
    /** Volume size in GiB; the retention size is 90 % of it, so Prometheus deletes old blocks before the disk fills. */
    storageGi: number;
    /** StorageClass of the volume. @default the plane's `storageClassName` (encrypted) */
    storageClassName?: string;
}

/**
 * Values of `kube-prometheus-stack` (88.5.3, operator v0.93).
 *
 * Why this chart and not a leaner one: the agent reads Prometheus at `prometheus-operated`,
 * which only the Prometheus operator creates; the gateway, the control plane and elasti ship
 * ServiceMonitors, which need the operator's CRDs (this chart installs them, so every chart that
 * creates a ServiceMonitor depends on this release); and kube-state-metrics is what TrueFoundry's
 * own install scrapes for workload and node labels. What is not needed is off: Alertmanager
 * (alerts come from the control plane and the gateway's budgets), Grafana unless asked for,
 * and scrape jobs for control-plane components a managed cluster does not expose.
 */
export function kubePrometheusStackValues(a: PrometheusSizing & { placement: NodePlacement; grafana: boolean; dashboards?: boolean }): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    const place = { nodeSelector, tolerations };
    return {
        crds: { enabled: true },
        alertmanager: { enabled: false },
        // Grafana's admin password: the grafana chart generates one into an in-cluster Secret when none is given.
        // With the dashboards on and this Grafana off, the chart still ships its own Kubernetes
        // dashboards (`forceDeployDashboards`: ConfigMaps with the sidecar's label, for a Grafana of
        // your own); its datasource ConfigMap stays off, since your Grafana names its own Prometheus.
        grafana: a.grafana ? { enabled: true, ingress: { enabled: false }, ...place } : { enabled: false, ...(a.dashboards ? { forceDeployDashboards: true } : {}) },
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
        prometheusOperator: { ...place, admissionWebhooks: { patch: { ...place } } },
        "kube-state-metrics": { ...place },
        prometheus: {
            service: { type: "ClusterIP" },
            prometheusSpec: {
                ...place,
                retention: `${a.retentionDays}d`,
                retentionSize: `${Math.floor(a.storageGi * 0.9)}GB`,
                storageSpec: {
                    volumeClaimTemplate: {
                        spec: {
                            ...(a.storageClassName ? { storageClassName: a.storageClassName } : {}),
                            accessModes: ["ReadWriteOnce"],
                            resources: { requests: { storage: `${a.storageGi}Gi` } },
                        },
                    },
                },
                // Select monitors and rules of every release, not only this one's: other charts bring their own.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
            },
        },
    };
}

/** Values of `metrics-server` (3.13.1, v0.8): a cluster add-on, so on the system pool, two replicas behind a PDB. */
export function metricsServerValues(a: { placement: NodePlacement }): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    return { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, nodeSelector, tolerations };
}

export interface MetricsArgs extends PrometheusSizing {
    plane: ComputePlane;
    namespace: string;
    charts: { kubePrometheusStack: string; metricsServer: string };
    grafana: boolean;
    /** Ship the chart's own dashboards even when its Grafana is off (phase 1's dashboards). @default false */
    dashboards?: boolean;
    /** Install metrics-server (clusters without one: EKS). */
    metricsServer: boolean;
}

/**
 * The PodMonitor that scrapes every meshed pod's sidecar. Prometheus runs outside the mesh; with
 * istiod's `enablePrometheusMerge` (the mesh sets it) each sidecar serves Envoy's Istio metrics and
 * the app's own (from the app's original `prometheus.io/*` annotations) on the pilot-agent's port
 * 15020 at `/stats/prometheus`, outside mTLS, and the injector rewrites the pod's
 * `prometheus.io/port` and `path` annotations to point there. kube-prometheus-stack has no
 * annotation-driven scrape job, so without this object Prometheus never reads them. The steps are
 * those of Istio's Prometheus Operator integration (istio.io/latest/docs/ops/integrations/prometheus):
 * keep the `istio-proxy` container of pods carrying the scrape annotation, target the annotated
 * port on the pod's IP; `istio-prometheus-ignore` opts a pod out. It comes with Prometheus, not with
 * the dashboards: the in-mesh charts keep their own ServiceMonitors off and are scraped only this way.
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

/**
 * Prometheus (with the operator and its CRDs) and, where the cluster has none, metrics-server.
 * `crds` is the resource that charts creating ServiceMonitors or PodMonitors put in `dependsOn`.
 */
export class Metrics extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly release: k8s.helm.v3.Release;
    readonly metricsServer?: k8s.helm.v3.Release;
    /** Installs the ServiceMonitor/PodMonitor/PrometheusRule CRDs: depend on it before creating any. */
    readonly crds: pulumi.Resource;
    /** `http://prometheus-operated.<namespace>.svc.cluster.local:9090`. */
    readonly endpoint: string;

    constructor(name: string, args: MetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:Metrics", name, {}, opts);
        this.namespace = args.namespace;
        this.endpoint = prometheusEndpoint(args.namespace);
        const ns = operationsNamespace(this, `${name}-namespace`, args.plane, args.namespace);
        // Named, not left to the cluster's default: the plane's class is the one known to be encrypted.
        const values = kubePrometheusStackValues({ ...args, storageClassName: args.storageClassName ?? args.plane.storageClassName, placement: controllerPlacement(args.plane) });
        this.release = chartRelease(this, `${name}-prometheus`, args.plane, { name: "kube-prometheus-stack", chart: "kube-prometheus-stack", repositoryOpts: { repo: PROMETHEUS_COMMUNITY_REPO }, version: args.charts.kubePrometheusStack, namespace: args.namespace, values }, [ns]);
        this.crds = this.release;
        // Never rename `${name}-sidecar-monitor`: a rename replaces the object.
        new k8s.apiextensions.CustomResource(`${name}-sidecar-monitor`, meshSidecarPodMonitor(args.namespace) as k8s.apiextensions.CustomResourceArgs, { parent: this, provider: args.plane.provider, dependsOn: [this.release] });
        if (args.metricsServer) {
            const msValues = metricsServerValues({ placement: args.plane.nodePools.system });
            this.metricsServer = chartRelease(this, `${name}-metrics-server`, args.plane, { name: "metrics-server", chart: "metrics-server", repositoryOpts: { repo: METRICS_SERVER_REPO }, version: args.charts.metricsServer, namespace: "kube-system", values: msValues }, args.plane.ready);
        }
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

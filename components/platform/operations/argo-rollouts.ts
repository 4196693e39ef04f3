import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane, NodePlacement } from "../../compute-plane";
import { ARGO_HELM_REPO } from "./argo-cd";
import { controllerPlacement, podPlacement } from "./placement";
import { chartRelease, operationsNamespace } from "../release";

/** Traffic routers the chart can grant RBAC for; only Istio, the plane's mesh, is granted. */
const TRAFFIC_PROVIDERS = ["istio", "smi", "ambassador", "awsLoadBalancerController", "awsAppMesh", "traefik", "apisix", "contour", "glooPlatform", "gatewayAPI"] as const;

/**
 * Values of the `argo-rollouts` chart (2.41.0, Argo Rollouts v1.9). Istio is Argo Rollouts'
 * built-in traffic router (no plugin): a Rollout names a VirtualService and Rollouts shifts its
 * weights, which needs RBAC on `networking.istio.io` that `providerRBAC.providers.istio` grants.
 * Every other provider's RBAC is off (least privilege). No dashboard: it would be an unauthenticated UI.
 */
export function argoRolloutsValues(a: { placement: NodePlacement; serviceMonitor: boolean }): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    return {
        installCRDs: true,
        // The CRDs outlive the release: deleting them would delete every Rollout in the cluster.
        keepCRDs: true,
        controller: {
            replicas: 2,
            nodeSelector,
            tolerations,
            metrics: { enabled: true, serviceMonitor: { enabled: a.serviceMonitor } },
            pdb: { enabled: true, minAvailable: 1 },
        },
        dashboard: { enabled: false },
        providerRBAC: { enabled: true, providers: Object.fromEntries(TRAFFIC_PROVIDERS.map((p) => [p, p === "istio"])) },
    };
}

export interface ArgoRolloutsArgs {
    plane: ComputePlane;
    chartVersion: string;
    namespace: string;
    /** The release that installs the ServiceMonitor CRD (Prometheus); without it, no ServiceMonitor. */
    serviceMonitorCrds?: pulumi.Resource;
}

/** Argo Rollouts: controller and CRDs (Rollout, AnalysisTemplate, Experiment). */
export class ArgoRollouts extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ArgoRolloutsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:ArgoRollouts", name, {}, opts);
        const placement = controllerPlacement(args.plane);
        this.namespace = args.namespace;
        const ns = operationsNamespace(this, `${name}-namespace`, args.plane, args.namespace);
        const values = argoRolloutsValues({ placement, serviceMonitor: args.serviceMonitorCrds !== undefined });
        const crds = args.serviceMonitorCrds ? [args.serviceMonitorCrds] : [];
        this.release = chartRelease(this, `${name}-chart`, args.plane, { name: "argo-rollouts", chart: "argo-rollouts", repositoryOpts: { repo: ARGO_HELM_REPO }, version: args.chartVersion, namespace: args.namespace, values }, [ns, ...crds]);
        this.registerOutputs({ namespace: this.namespace });
    }
}

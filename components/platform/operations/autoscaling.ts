import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BoundServiceAccount, CloudPermissions, ComputePlane, NodePlacement } from "../../compute-plane";
import { controllerPlacement, podPlacement } from "./placement";
import { chartRelease, operationsNamespace } from "../release";

export const KEDA_REPO = "https://kedacore.github.io/charts";
/** KubeElasti's published OCI registry (its setup guide: `helm install elasti oci://tfy.jfrog.io/tfy-helm/elasti`); OCI charts are named in `chart`, with no repositoryOpts. */
export const ELASTI_REPO = "oci://tfy.jfrog.io/tfy-helm";
export const KEDA_OPERATOR_SERVICE_ACCOUNT = "keda-operator";

/**
 * Values of the `keda` chart (2.20.2). The operator, its metrics API server and its admission
 * webhooks all run on the on-demand placement. When a scaler needs the cloud (SQS, Service Bus),
 * the operator's ServiceAccount carries the workload-identity binding the plane made (annotations
 * on the account, labels on the pods): KEDA then authenticates as that identity
 * (`TriggerAuthentication` with `podIdentity.provider: aws` or `azure-workload`), never with keys.
 */
export function kedaValues(a: {
    placement: NodePlacement;
    serviceMonitor: boolean;
    identity?: { annotations: pulumi.Input<Record<string, string>>; podLabels: Record<string, string> };
}): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    const place = { nodeSelector, tolerations };
    return {
        operator: { ...place },
        metricsServer: { ...place },
        webhooks: { ...place },
        ...(a.identity
            ? {
                  serviceAccount: { operator: { create: true, name: KEDA_OPERATOR_SERVICE_ACCOUNT, annotations: a.identity.annotations } },
                  podLabels: { keda: { ...a.identity.podLabels } },
              }
            : {}),
        prometheus: {
            operator: { enabled: true, serviceMonitor: { enabled: a.serviceMonitor } },
            metricServer: { enabled: true, serviceMonitor: { enabled: a.serviceMonitor } },
        },
    };
}

/**
 * Values of KubeElasti's `elasti` chart (0.1.21; keys read from truefoundry/KubeElasti
 * `charts/elasti/values.yaml` at tag v0.1.21, which no reference file here holds).
 *
 * Why elasti rather than KEDA's HTTP add-on: the control plane's "auto shutdown" of services is
 * powered by elasti (TrueFoundry docs, "Scale service to 0") and TrueFoundry's own install pairs
 * it with KEDA (inframold `elasti.enabled: true`), so services the control plane deploys expect
 * it; and its resolver sits in the request path only while a service is at zero (serve mode
 * routes straight to the pods), where the add-on's interceptor proxies every request always.
 *
 * Its limit, said plainly: chart 0.1.21 has no nodeSelector, tolerations or affinity keys (its
 * Deployment templates render none), so its operator and resolver schedule on untainted
 * capacity, the general pool, and not on the on-demand pool. Both are stateless; a spot
 * interruption loses only requests queued at that moment for a service that is at zero.
 */
export function elastiValues(a: { prometheusEndpoint: string; serviceMonitor: boolean }): Record<string, unknown> {
    return {
        // ServiceMonitors for the operator and the resolver (templates guarded by this flag).
        global: { enableMonitoring: a.serviceMonitor },
        // The default trigger server for ElastiServices that do not name one.
        elastiController: { manager: { env: { prometheusTriggerServerAddress: a.prometheusEndpoint } } },
    };
}

export interface AutoscalingArgs {
    plane: ComputePlane;
    charts: { keda: string; elasti: string };
    /** @default "keda" */
    namespace?: string;
    httpScaleToZero: "elasti" | "none";
    prometheusEndpoint: string;
    /** The release installing the ServiceMonitor CRD; KEDA's and elasti's monitors wait for it. */
    serviceMonitorCrds: pulumi.Resource;
    /** Cloud permissions KEDA's scalers need (queue depth, topic lag): bound to its operator's ServiceAccount. @default none (no cloud identity) */
    cloudPermissions?: CloudPermissions;
}

/** KEDA and, for HTTP scale to zero, elasti. `crds` (KEDA's release) is what ScaledObject users depend on. */
export class Autoscaling extends pulumi.ComponentResource {
    readonly keda: k8s.helm.v3.Release;
    readonly elasti?: k8s.helm.v3.Release;
    readonly identity?: BoundServiceAccount;
    /** Installs the ScaledObject/ScaledJob/TriggerAuthentication CRDs. */
    readonly crds: pulumi.Resource;

    constructor(name: string, args: AutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:Autoscaling", name, {}, opts);
        const namespace = args.namespace ?? "keda";
        const ns = operationsNamespace(this, `${name}-namespace`, args.plane, namespace);
        if (args.cloudPermissions) {
            // The chart creates the ServiceAccount; the binding gives the annotations (and pod labels) to put on it.
            this.identity = args.plane.bindServiceAccount(
                `${name}-keda-identity`,
                { namespace, serviceAccountName: KEDA_OPERATOR_SERVICE_ACCOUNT, permissions: args.cloudPermissions, createServiceAccount: false },
                { parent: this },
            );
        }
        const kedaValuesFor = kedaValues({ placement: controllerPlacement(args.plane), serviceMonitor: true, identity: this.identity });
        this.keda = chartRelease(this, `${name}-keda`, args.plane, { name: "keda", chart: "keda", repositoryOpts: { repo: KEDA_REPO }, version: args.charts.keda, namespace, values: kedaValuesFor }, [ns, args.serviceMonitorCrds]);
        this.crds = this.keda;
        if (args.httpScaleToZero === "elasti") {
            const elastiNs = operationsNamespace(this, `${name}-elasti-namespace`, args.plane, "elasti");
            const values = elastiValues({ prometheusEndpoint: args.prometheusEndpoint, serviceMonitor: true });
            // elasti hands scaling beyond one replica to KEDA ScaledObjects: KEDA first.
            this.elasti = chartRelease(this, `${name}-elasti`, args.plane, { name: "elasti", chart: `${ELASTI_REPO}/elasti`, version: args.charts.elasti, namespace: "elasti", values }, [elastiNs, this.keda, args.serviceMonitorCrds]);
        }
        this.registerOutputs({});
    }
}

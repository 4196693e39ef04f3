import type { Input } from "@pulumi/pulumi";
import { NodePlacement } from "../../compute-plane";

/**
 * Values for Istio's three Helm charts (`base`, `istiod`, `gateway`, 1.30.x), as plain data,
 * checked in tests against the pinned charts' values.yaml (and the gateway's values.schema.json,
 * whose `additionalProperties: false` makes an unknown key fail the install).
 */

/** Istio's Helm repository (istio.io/latest/docs/setup/install/helm). */
export const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";
/** The mesh's root namespace: istiod runs here, and mesh-wide policies live here. */
export const MESH_ROOT_NAMESPACE = "istio-system";

/**
 * The namespace label that turns sidecar injection on (istio.io/latest/docs/setup/additional-setup/sidecar-injection:
 * `istio-injection=enabled`). The platform's namespaces and `mesh.namespaces` carry it.
 */
export const IN_MESH_LABELS: Readonly<Record<string, string>> = { "istio-injection": "enabled" };
/**
 * Controllers' namespaces say so explicitly: their callers are the API server (webhooks), the
 * kubelet and the cloud APIs, none of which can present a mesh certificate.
 */
export const OUTSIDE_MESH_LABELS: Readonly<Record<string, string>> = { "istio-injection": "disabled" };

export interface IstiodValuesArgs {
    /** istiod is a controller: on-demand capacity, never spot. */
    placement: NodePlacement;
}

/** Replicas spread across zones where the capacity allows (a soft constraint: a one-zone dev pool still schedules). */
export function zoneSpread(podLabels: Record<string, string>): Record<string, unknown>[] {
    return [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...podLabels } } }];
}

/** `base`: the CRDs and cluster roles; `defaultRevision: default` makes its validation webhook serve the default revision. */
export function istioBaseValues(): Record<string, unknown> {
    return { defaultRevision: "default" };
}

/**
 * `istiod`: two replicas at least (the injection webhook is on every pod's creation path in the
 * mesh's namespaces), on on-demand capacity, injection only where a namespace asks for it.
 * Native sidecars are Istio's default since 1.27 (learn.microsoft.com/azure/aks/istio-native-sidecar),
 * so a Job's pod ends when its container does.
 */
export function istiodValues(a: IstiodValuesArgs): Record<string, unknown> {
    return {
        autoscaleEnabled: true,
        autoscaleMin: 2,
        autoscaleMax: 5,
        nodeSelector: a.placement.nodeSelector,
        tolerations: a.placement.tolerations,
        pdb: { minAvailable: 1 },
        // The chart labels istiod's pods `app: istiod`.
        topologySpreadConstraints: zoneSpread({ app: "istiod" }),
        // Only labelled namespaces (the default, said here because the mesh's boundary rests on it).
        sidecarInjectorWebhook: { enableNamespacesByDefault: false },
        meshConfig: {
            // Prometheus outside the mesh scrapes the sidecar's merged metrics on 15020 (plain text,
            // outside mTLS), not the application's port: no exception needed for scraping.
            enablePrometheusMerge: true,
        },
    };
}

export interface GatewayValuesArgs<S extends Input<string> = string> {
    /** The labels the chart gives the gateway's pods (`gatewaySelector(release name)`), for the zone spread. */
    podLabels: Record<string, string>;
    /** From `plane.ingress.gatewayServiceType`: never a public load balancer. */
    serviceType: "ClusterIP" | "LoadBalancer";
    /** `plane.ingress.internalServiceAnnotations`, set when the Service is a load balancer. */
    internalServiceAnnotations: Record<string, string>;
    /** `plane.ingress.gatewayServiceIp`: the internal load balancer's static private IP. */
    serviceIp?: S;
    /** `plane.ingress.gatewayServiceIpAnnotation`: the annotation that carries it (required with `serviceIp`). */
    serviceIpAnnotation?: string;
    /** The gateway serves every request into the platform: on-demand capacity. */
    placement: NodePlacement;
    replicas: { min: number; max: number };
}

/**
 * `gateway`: the ingress gateway `istio-ingressgateway` (its pods are labelled `istio: ingressgateway`,
 * the release name without `istio-`, which the platform Gateway selects). Its Service is ClusterIP
 * where the cloud's load balancer targets the pods (AWS ALB IP targets), otherwise an internal
 * LoadBalancer carrying the plane's internal annotations and, where given, its static IP in the
 * annotation the plane names (never the deprecated `spec.loadBalancerIP`).
 */
export function gatewayValues<S extends Input<string>>(a: GatewayValuesArgs<S>): Record<string, unknown> {
    if (a.serviceType === "LoadBalancer" && Object.keys(a.internalServiceAnnotations).length === 0) {
        // A LoadBalancer Service without the plane's internal annotations is public on every cloud.
        throw new Error("the ingress gateway's LoadBalancer Service needs the plane's internalServiceAnnotations (none given): it would be a public load balancer");
    }
    if (a.serviceIp !== undefined && a.serviceType !== "LoadBalancer") {
        throw new Error(`the ingress gateway's static IP applies to a LoadBalancer Service only (the plane asks for ${a.serviceType})`);
    }
    if (a.serviceIp !== undefined && !a.serviceIpAnnotation) {
        throw new Error("the ingress gateway's static IP needs the plane's gatewayServiceIpAnnotation (none given): the deprecated spec.loadBalancerIP is not used");
    }
    const ip = a.serviceIp !== undefined && a.serviceIpAnnotation ? { [a.serviceIpAnnotation]: a.serviceIp } : {};
    const service: Record<string, unknown> = a.serviceType === "LoadBalancer" ? { type: "LoadBalancer", annotations: { ...a.internalServiceAnnotations, ...ip } } : { type: "ClusterIP" };
    return {
        service,
        autoscaling: { enabled: true, minReplicas: a.replicas.min, maxReplicas: a.replicas.max },
        // Only with more than one replica can a voluntary disruption keep one serving.
        ...(a.replicas.min > 1 ? { podDisruptionBudget: { minAvailable: 1 } } : {}),
        nodeSelector: a.placement.nodeSelector,
        tolerations: a.placement.tolerations,
        topologySpreadConstraints: zoneSpread(a.podLabels),
    };
}

/** The label the gateway chart puts on its pods for a release name (`istio-` trimmed), which a Gateway's selector names. */
export function gatewaySelector(releaseName: string): Record<string, string> {
    return { istio: releaseName.replace(/^istio-/, "") };
}

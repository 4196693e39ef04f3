import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../../config/errors";
import { dnsLabel } from "../../../config/primitives";
import { mtlsExceptionSchema } from "../../../config/platform";
import { parseComponentArgs, planeArg } from "../args";
import { chartRelease } from "../release";
import { groupExceptions, meshWideStrictMtls, mtlsExceptionPolicy, PLATFORM_GATEWAY_NAME, platformGatewayObject } from "./objects";
import { gatewaySelector, gatewayValues, IN_MESH_LABELS, ISTIO_REPO, istioBaseValues, istiodValues, MESH_ROOT_NAMESPACE, OUTSIDE_MESH_LABELS } from "./values";

export * from "./objects";
export * from "./values";

export const meshArgsSchema = z.strictObject({
    plane: planeArg,
    /** Istio `base`, `istiod` and `gateway` chart version. */
    chartVersion: z.string().regex(/^1\.30\.\d+$/, { error: "must be an Istio 1.30.x chart version such as 1.30.3" }),
    /** Hosts of the platform Gateway. */
    hosts: z.array(z.string().min(1)).min(1),
    /** Namespaces of the user's that the mesh creates, in the mesh. @default [] */
    namespaces: z.array(dnsLabel).default([]),
    /** Namespaces made elsewhere in the mesh (secret sync's consumers), which exceptions may name. @default {} */
    otherNamespaces: z.record(z.string(), z.custom<k8s.core.v1.Namespace>((v) => pulumi.Resource.isInstance(v))).default({}),
    /** Port-level plain-text exceptions (reported loosenings), each in one of `namespaces` or `otherNamespaces`. @default [] */
    mtlsExceptions: z.array(mtlsExceptionSchema).default([]),
    gatewayReplicas: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }).refine((r) => r.min <= r.max, { error: "min must not exceed max" }),
    /**
     * Earlier identities of the ingress gateway's namespace (on AWS it was a child of `AlbIngress`),
     * so taking it over is an update in place, never a delete of the namespace and all in it.
     * @default []
     */
    ingressNamespaceAliases: z.array(z.custom<pulumi.Alias>((v) => typeof v === "object" && v !== null)).default([]),
});
export type MeshArgs = z.input<typeof meshArgsSchema>;

/**
 * The Istio mesh on any compute plane: `base` (CRDs), then `istiod`, then the ingress gateway
 * `istio-ingressgateway` in `istio-ingress` (its pods are injected, so istiod comes first), as the
 * Helm docs order them (istio.io/latest/docs/setup/install/helm). Mesh-wide STRICT mTLS, the
 * platform Gateway, and one PeerAuthentication per workload that has a port-level exception.
 * Charts go through `helm.v3.Release`: `helm.v4.Chart` is a remote component, invisible to Pulumi's
 * mocks and to offline policy checks.
 */
export class Mesh extends pulumi.ComponentResource {
    readonly base: k8s.helm.v3.Release;
    readonly istiod: k8s.helm.v3.Release;
    readonly gateway: k8s.helm.v3.Release;
    /** `istio-ingress`: owned here; the cloud's load balancer in front (the ALB Ingress) waits for it. */
    readonly ingressNamespace: k8s.core.v1.Namespace;
    readonly platformGateway: k8s.apiextensions.CustomResource;
    /** `istio-ingress/platform-gateway`, what VirtualServices name in `gateways`. */
    readonly gatewayRef: string;
    /** What a workload in the mesh waits for: istiod (injection) and the platform Gateway (routes). */
    readonly ready: pulumi.Resource[];
    /** Labels a platform namespace carries to be in the mesh. */
    readonly namespaceLabels: Record<string, string> = { ...IN_MESH_LABELS };
    readonly namespaces: Record<string, k8s.core.v1.Namespace> = {};

    constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseComponentArgs(meshArgsSchema, args, "splitplane:platform:Mesh", name);
        // An exception's PeerAuthentication lands in a namespace that must exist first: one this
        // program makes. Checked before anything is registered.
        const known = [...a.namespaces, ...Object.keys(a.otherNamespaces)];
        const stray = a.mtlsExceptions.filter((e) => !known.includes(e.namespace)).map((e) => e.namespace);
        if (stray.length > 0) throw new ConfigError([`splitplane:platform:Mesh ${JSON.stringify(name)}: mtlsExceptions[].namespace must be one of the mesh's own namespaces (${known.join(", ") || "none"}) (got ${stray.map((s) => JSON.stringify(s)).join(", ")})`]);
        super("splitplane:platform:Mesh", name, {}, opts);
        const plane = a.plane;
        const k8sOpts = { parent: this, provider: plane.provider };
        const gw = plane.ingress.gatewayService;
        const managed = { "app.kubernetes.io/managed-by": "splitplane" };

        // istiod itself is never injected; the label says so to anyone reading the namespace.
        const rootNs = new k8s.core.v1.Namespace(`${name}-root-namespace`, { metadata: { name: MESH_ROOT_NAMESPACE, labels: { ...managed, ...OUTSIDE_MESH_LABELS } } }, { ...k8sOpts, dependsOn: plane.ready });
        const release = (role: string, chart: string, releaseName: string, namespace: string, values: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
            chartRelease(this, `${name}-${role}`, plane, { name: releaseName, chart, repositoryOpts: { repo: ISTIO_REPO }, version: a.chartVersion, namespace, values }, [...dependsOn, ...plane.ready]);

        this.base = release("base", "base", "istio-base", MESH_ROOT_NAMESPACE, istioBaseValues(), [rootNs]);
        this.istiod = release("istiod", "istiod", "istiod", MESH_ROOT_NAMESPACE, istiodValues({ placement: plane.nodePools.onDemand }), [this.base]);

        // Never rename this child: its alias is the namespace's identity in stacks made before the mesh owned it.
        this.ingressNamespace = new k8s.core.v1.Namespace(
            `${name}-ingress-namespace`,
            { metadata: { name: gw.namespace, labels: { ...managed, ...IN_MESH_LABELS } } },
            { ...k8sOpts, dependsOn: plane.ready, aliases: a.ingressNamespaceAliases },
        );
        this.gateway = release(
            "gateway",
            "gateway",
            gw.name,
            gw.namespace,
            gatewayValues({
                serviceType: plane.ingress.gatewayServiceType,
                internalServiceAnnotations: plane.ingress.internalServiceAnnotations,
                serviceIp: plane.ingress.gatewayServiceIp,
                serviceIpAnnotation: plane.ingress.gatewayServiceIpAnnotation,
                placement: plane.nodePools.onDemand,
                podLabels: gatewaySelector(gw.name),
                replicas: a.gatewayReplicas,
            }),
            // Its pods are injected with the gateway template: istiod's webhook must answer first.
            [this.ingressNamespace, this.istiod],
        );

        // Istio's objects wait for istiod as well as the CRDs: its validation webhook checks them.
        const istioObject = (role: string, obj: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
            new k8s.apiextensions.CustomResource(`${name}-${role}`, obj as k8s.apiextensions.CustomResourceArgs, { ...k8sOpts, dependsOn: [this.base, this.istiod, ...dependsOn] });
        istioObject("strict-mtls", meshWideStrictMtls(), [rootNs]);
        this.platformGateway = istioObject("platform-gateway", platformGatewayObject({ namespace: gw.namespace, selector: gatewaySelector(gw.name), hosts: a.hosts }), [this.ingressNamespace]);
        this.gatewayRef = `${gw.namespace}/${PLATFORM_GATEWAY_NAME}`;

        // Child names derive from the namespace, never a list position.
        for (const ns of a.namespaces) {
            this.namespaces[ns] = new k8s.core.v1.Namespace(`${name}-namespace-${ns}`, { metadata: { name: ns, labels: { ...managed, ...IN_MESH_LABELS } } }, { ...k8sOpts, dependsOn: plane.ready });
        }
        for (const w of groupExceptions(a.mtlsExceptions)) {
            istioObject(`plaintext-${w.key}`, mtlsExceptionPolicy(w), [this.namespaces[w.namespace] ?? a.otherNamespaces[w.namespace]]);
        }

        this.ready = [this.istiod, this.platformGateway];
        this.registerOutputs({ gatewayRef: this.gatewayRef, ingressNamespace: gw.namespace });
    }
}

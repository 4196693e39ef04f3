import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { dependsOnArg, namespaceLabelsArg, parseComponentArgs, planeArg, storeForArg } from "../args";
import { TRUEFOUNDRY_CHART_REPO } from "../control-plane";
import { BOOTSTRAP, NamespaceStore } from "../synced-secrets";
import { agentValues, CLUSTER_TOKEN_KEY, CLUSTER_TOKEN_SECRET, WEBHOOK_SECRET_LABEL } from "./values";
import { chartRelease } from "../release";

export * from "./values";

export const agentArgsSchema = z.strictObject({
    plane: planeArg,
    /** `tfy-agent` chart version. */
    chartVersion: z.string().regex(/^0\.2\.\d+$/, { error: "must be a tfy-agent 0.2.x chart version such as 0.2.100" }),
    controlPlaneUrl: z.string().startsWith("https://"),
    tenantName: z.string().min(1),
    namespace: z.string().min(1),
    allowedNamespaces: z.array(z.string()).default([]),
    /** Loosening: the chart's `*` ClusterRole (reported in the plan by config/loosening.ts). @default false */
    clusterWideAccess: z.boolean().default(false),
    /** The chart's ClusterSecretStore for TrueFoundry-managed secrets. @default false */
    truefoundrySecretStore: z.boolean().default(false),
    /** Reloader (the chart's subchart) for pods whose synced Secret rotates. @default false */
    reloader: z.boolean().default(false),
    storeFor: storeForArg,
    /** ESO's CRDs (the chart's ClusterSecretStore needs them), and anything else to wait for. @default [] */
    dependsOn: dependsOnArg,
    /** Labels of the namespace this component creates (the mesh's sidecar injection). @default {} */
    namespaceLabels: namespaceLabelsArg,
});
export type AgentArgs = z.input<typeof agentArgsSchema>;

/**
 * The compute plane's agent (`tfy-agent`): it dials out to the control plane with the cluster
 * token, synced from the store; its Services stay ClusterIP and it has no Ingress, so nothing
 * reaches it from outside.
 */
export class Agent extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly namespace: string;
    readonly store: NamespaceStore;
    readonly clusterToken: k8s.apiextensions.CustomResource;

    constructor(name: string, args: AgentArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseComponentArgs(agentArgsSchema, args, "splitplane:platform:Agent", name);
        super("splitplane:platform:Agent", name, {}, opts);
        const plane = a.plane;
        this.namespace = a.namespace;
        const k8sOpts = { parent: this, provider: plane.provider };
        const ns = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane", ...a.namespaceLabels } } }, { ...k8sOpts, dependsOn: plane.ready });

        const token = { name: BOOTSTRAP.clusterToken.name };
        this.store = a.storeFor(`${name}-secrets`, { namespace: a.namespace, namespaceResource: ns, secrets: [token] }, { parent: this });
        this.clusterToken = this.store.externalSecret("cluster-token", {
            name: CLUSTER_TOKEN_SECRET,
            targetName: CLUSTER_TOKEN_SECRET,
            data: [{ secretKey: CLUSTER_TOKEN_KEY, from: token }],
            // The chart's ClusterSecretStore (ESO's webhook provider) reads only Secrets with this label.
            template: { labels: { ...WEBHOOK_SECRET_LABEL } },
        });

        this.release = chartRelease(
            this,
            `${name}-chart`,
            plane,
            {
                name: "tfy-agent",
                chart: "tfy-agent",
                repositoryOpts: { repo: TRUEFOUNDRY_CHART_REPO },
                version: a.chartVersion,
                namespace: a.namespace,
                // The cluster token exists only once the cluster is registered in the control plane.
                skipAwait: true,
                values: agentValues({
                    controlPlaneUrl: a.controlPlaneUrl,
                    tenantName: a.tenantName,
                    allowedNamespaces: a.allowedNamespaces,
                    clusterWideAccess: a.clusterWideAccess,
                    truefoundrySecretStore: a.truefoundrySecretStore,
                    reloader: a.reloader,
                    placement: plane.nodePools.onDemand,
                }),
            },
            [ns, this.clusterToken, ...plane.ready, ...a.dependsOn],
        );
        this.registerOutputs({ namespace: this.namespace });
    }
}

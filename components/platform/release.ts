import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane } from "../compute-plane";

/**
 * The namespace a platform chart installs into, made by the component (not by Helm's
 * `createNamespace`) so that its labels are ours and it is deleted after the release. It waits
 * for the plane's capacity, so on destroy the releases inside go before the nodes do.
 */
export function operationsNamespace(parent: pulumi.Resource, childName: string, plane: ComputePlane, namespace: string, labels: Record<string, string> = {}): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        childName,
        { metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "splitplane", ...labels } } },
        { parent, provider: plane.provider, dependsOn: plane.ready },
    );
}

/** One chart as a `helm.v3.Release` on the plane's provider, with the history bound every release here keeps. */
export function chartRelease(parent: pulumi.Resource, childName: string, plane: ComputePlane, args: k8s.helm.v3.ReleaseArgs, dependsOn: pulumi.Input<pulumi.Resource>[], aliases?: pulumi.Input<pulumi.Alias | string>[]): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(childName, { maxHistory: 10, ...args }, { parent, provider: plane.provider, dependsOn, ...(aliases ? { aliases } : {}) });
}

import { execKubeconfig } from "../kubeconfig";

/**
 * A kubeconfig for an EKS cluster that authenticates with the `aws eks get-token` exec plugin:
 * each API call gets a 15-minute token from the caller's own AWS credentials, so nothing secret
 * is stored in the kubeconfig, the Pulumi state or the plan.
 */
export interface KubeconfigArgs {
    clusterName: string;
    endpoint: string;
    /** Base64 PEM of the cluster CA, as EKS returns it. */
    certificateAuthorityData: string;
    region: string;
    /** Optional named AWS CLI profile. */
    profile?: string;
}

export function eksKubeconfig(a: KubeconfigArgs): Record<string, unknown> {
    const args = ["eks", "get-token", "--cluster-name", a.clusterName, "--region", a.region, "--output", "json"];
    return execKubeconfig({
        clusterName: a.clusterName,
        server: a.endpoint,
        certificateAuthorityData: a.certificateAuthorityData,
        exec: { command: "aws", args, ...(a.profile ? { env: [{ name: "AWS_PROFILE", value: a.profile }] } : {}) },
    });
}

import { parse } from "yaml";
import { execKubeconfig } from "../kubeconfig";

/**
 * The application id of the AKS Entra server app: the audience of every token an AKS cluster
 * with managed Entra ID accepts (the same in every tenant).
 * https://azure.github.io/kubelogin/concepts/aks.html
 */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** kubelogin's login modes that use the caller's own identity, never a stored secret. */
export type KubeloginMode = "azurecli" | "workloadidentity" | "msi";

/**
 * A kubeconfig that authenticates with `kubelogin get-token`: every API call gets a short-lived
 * Entra token for the caller (`az login` on a laptop, federated OIDC in CI), so nothing secret is
 * in the kubeconfig, the state or the plan, and local accounts can stay disabled.
 * https://azure.github.io/kubelogin/concepts/login-modes.html
 */
export function kubeloginKubeconfig(a: { clusterName: string; server: string; certificateAuthorityData: string; login?: KubeloginMode }): Record<string, unknown> {
    return execKubeconfig({
        clusterName: a.clusterName,
        server: a.server,
        certificateAuthorityData: a.certificateAuthorityData,
        exec: { command: "kubelogin", args: ["get-token", "--login", a.login ?? "azurecli", "--server-id", AKS_SERVER_APP_ID] },
    });
}

/**
 * The API server address and CA from the kubeconfig AKS returns for users
 * (`listManagedClusterUserCredentials`, base64): the only place AKS hands out the cluster CA.
 * Its user entry is discarded; only the cluster entry is kept.
 */
export function clusterEntryOf(kubeconfigBase64: string): { server: string; certificateAuthorityData: string } {
    const doc = parse(Buffer.from(kubeconfigBase64, "base64").toString("utf8")) as { clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[] };
    const cluster = doc?.clusters?.[0]?.cluster;
    if (!cluster?.server || !cluster["certificate-authority-data"]) throw new Error("the AKS user kubeconfig has no cluster server or certificate-authority-data");
    return { server: cluster.server, certificateAuthorityData: cluster["certificate-authority-data"] };
}

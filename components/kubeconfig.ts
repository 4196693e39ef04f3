/**
 * A one-cluster kubeconfig whose user runs an exec credential plugin (`aws eks get-token`,
 * `kubelogin get-token`): every API call gets a short-lived token from the caller's own cloud
 * identity, so nothing secret is in the kubeconfig, the state or the plan.
 */
export function execKubeconfig(a: { clusterName: string; server: string; certificateAuthorityData: string; exec: { command: string; args: string[]; env?: { name: string; value: string }[] } }): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: a.clusterName, cluster: { server: a.server, "certificate-authority-data": a.certificateAuthorityData } }],
        contexts: [{ name: a.clusterName, context: { cluster: a.clusterName, user: a.clusterName } }],
        "current-context": a.clusterName,
        users: [{ name: a.clusterName, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: a.exec.command, args: a.exec.args, ...(a.exec.env ? { env: a.exec.env } : {}), interactiveMode: "Never" } } }],
    };
}

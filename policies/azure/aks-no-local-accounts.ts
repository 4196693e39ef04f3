import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/** Row 30: cluster access goes through Entra ID; no static admin kubeconfig, no service-principal secret. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-aks-no-local-accounts",
        title: "AKS disables local accounts and service-principal secrets",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [30],
        resourceTypes: [AZURE.aks],
        flags: "`disableLocalAccounts` not true (absent means local accounts are on, with a static admin credential), or `servicePrincipalProfile.secret` set.",
        anchors: ["CKV_AZURE_141"],
        remediation: "Set `disableLocalAccounts: true` with `aadProfile.managed` and Azure RBAC; use a managed identity instead of a service principal.",
    },
    ({ props }, scan) => {
        const local = scan.get(props, "disableLocalAccounts");
        if (local !== true && local !== UNSEEN) scan.flag(`disableLocalAccounts is ${local === undefined ? "absent, so local accounts are on" : String(local)}: the cluster admin credential is static`);
        const secret = scan.peek(scan.get(props, "servicePrincipalProfile"), "secret");
        if (secret === UNSEEN || (typeof secret === "string" && secret !== "")) scan.flag("servicePrincipalProfile.secret is set: use a managed identity");
    },
);

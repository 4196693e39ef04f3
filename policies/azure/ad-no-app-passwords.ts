import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/** Row 31: app registrations authenticate with federated credentials or managed identities, never client secrets. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-ad-no-app-passwords",
        title: "Entra applications have no client secrets",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [31],
        resourceTypes: [AZURE.adApplicationPassword, AZURE.adServicePrincipalPassword, AZURE.adApplication],
        flags: "Any `azuread` application password or service principal password, or an application with inline `passwords`/`password`.",
        anchors: ["splitplane rule"],
        remediation: "Use federated identity credentials (workload identity, GitHub OIDC) or managed identities.",
    },
    ({ type, props }, scan) => {
        if (type !== AZURE.adApplication) {
            scan.flag(`${type === AZURE.adApplicationPassword ? "an application" : "a service principal"} password is a long-lived client secret`);
            return;
        }
        for (const field of ["passwords", "password"]) {
            const v = scan.peek(props, field);
            const present = v === UNSEEN || (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null);
            if (present) scan.flag(`the application defines ${field}: a long-lived client secret`);
        }
    },
);

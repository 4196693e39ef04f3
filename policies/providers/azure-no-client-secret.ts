import { resourcePolicy } from "../lib/define";
import { setFields } from "../lib/presence";
import { PROVIDERS } from "../lib/types";

const SECRET_FIELDS = ["clientSecret", "clientCertificate", "clientCertificatePassword", "oidcToken"] as const;

/** Row 32: Azure providers use OIDC (`useOidc`), a managed identity or the CLI login, never a stored secret. */
export const { meta, policy } = resourcePolicy(
    {
        name: "provider-azure-no-client-secret",
        title: "Azure providers carry no client secrets",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [32],
        resourceTypes: [PROVIDERS.azureNative, PROVIDERS.azure, PROVIDERS.azuread],
        flags: "An explicit or default `azure-native`, `azure` or `azuread` provider with `clientSecret`, an inline `clientCertificate`, `clientCertificatePassword` or a literal `oidcToken`.",
        anchors: ["splitplane rule"],
        remediation: "Set `useOidc: true` in CI (GitHub OIDC federated credential) or `useMsi: true`; drop the secret.",
    },
    ({ name, props }, scan) => {
        const set = setFields(scan, props, SECRET_FIELDS);
        if (set.length > 0) scan.flag(`${name.startsWith("default_") ? "the default provider (from stack config)" : "the provider"} carries static credentials in ${set.join(", ")}`);
    },
);

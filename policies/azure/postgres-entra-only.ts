import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/** Row 33: PostgreSQL accepts Entra ID tokens only; there is no administrator password to leak. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-postgres-entra-only",
        title: "PostgreSQL uses Entra ID authentication only",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [33],
        resourceTypes: [AZURE.postgres],
        flags: "A flexible server with `administratorLoginPassword` set, or `authConfig.passwordAuth` not Disabled (absent means Enabled).",
        anchors: ["splitplane rule (Entra-only)"],
        remediation: "Set `authConfig: { activeDirectoryAuth: \"Enabled\", passwordAuth: \"Disabled\" }` and omit `administratorLoginPassword`.",
    },
    ({ props }, scan) => {
        const password = scan.peek(props, "administratorLoginPassword");
        if (password === UNSEEN || (typeof password === "string" && password !== "")) scan.flag("administratorLoginPassword is set: a static administrator password");
        const auth = scan.get(props, "authConfig");
        if (auth === UNSEEN) return;
        const mode = scan.get(auth, "passwordAuth");
        if (mode === UNSEEN) return;
        if (asString(mode)?.toLowerCase() !== "disabled") scan.flag(`authConfig.passwordAuth is ${mode === undefined ? "absent, which means Enabled" : String(mode)}`);
    },
);

import { parse } from "yaml";
import { resourcePolicy } from "../lib/define";
import { PROVIDERS } from "../lib/types";

/** Fields of a kubeconfig user that hold a credential (instead of an exec plugin). */
const USER_SECRETS = ["token", "client-key-data", "password"] as const;
const AUTH_PROVIDER_SECRETS = ["id-token", "refresh-token", "access-token", "client-secret"] as const;

/**
 * Row 43: the Kubernetes provider authenticates with the exec plugin (`aws eks get-token`,
 * `kubelogin`), short-lived tokens minted at run time; a kubeconfig with a token, client key or
 * password is a static credential in the program and its state. A kubeconfig given as a file
 * path cannot be judged here (the policy reads no files).
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "provider-kubernetes-no-static-kubeconfig",
        title: "Kubernetes providers use the exec plugin",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [43],
        resourceTypes: [PROVIDERS.kubernetes],
        flags: "An explicit or default `kubernetes` provider whose inline kubeconfig has a user with `token`, `client-key-data` or `password` (or auth-provider tokens).",
        anchors: ["splitplane rule"],
        remediation: "Build the kubeconfig with an `exec` user (`aws eks get-token`, `kubelogin get-token`).",
    },
    ({ props }, scan) => {
        const raw = scan.get(props, "kubeconfig");
        const doc = typeof raw === "string" ? parseKubeconfig(raw) : raw !== null && typeof raw === "object" ? raw : undefined;
        if (!doc) return;
        const users = Array.isArray((doc as { users?: unknown }).users) ? ((doc as { users: unknown[] }).users) : [];
        users.forEach((entry, i) => {
            const e = entry as { name?: unknown; user?: Record<string, unknown> } | null;
            const user = e?.user;
            if (!user || typeof user !== "object") return;
            const label = `kubeconfig users[${i}]${typeof e?.name === "string" ? ` (${e.name})` : ""}`;
            const found: string[] = USER_SECRETS.filter((f) => typeof user[f] === "string" && user[f] !== "");
            const config = (user["auth-provider"] as { config?: Record<string, unknown> } | undefined)?.config;
            if (config && typeof config === "object") for (const f of AUTH_PROVIDER_SECRETS) if (typeof config[f] === "string" && config[f] !== "") found.push(`auth-provider.config.${f}`);
            if (found.length > 0) scan.flag(`${label} carries static credentials in ${found.join(", ")}; use an exec user`);
        });
    },
);

/** Inline kubeconfig (YAML or JSON); undefined for a path or anything unparseable. */
function parseKubeconfig(text: string): object | undefined {
    if (!text.includes("\n") && !text.trim().startsWith("{")) return undefined;
    try {
        const doc: unknown = parse(text);
        return doc !== null && typeof doc === "object" ? doc : undefined;
    } catch {
        return undefined;
    }
}

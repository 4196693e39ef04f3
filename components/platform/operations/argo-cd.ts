import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { ComputePlane, NodePlacement, SecretGrant } from "../../compute-plane";
import type { ExternalSecretRequest, StoreFactory } from "../synced-secrets";
import { controllerPlacement, podPlacement } from "./placement";
import { chartRelease, operationsNamespace } from "../release";

export const ARGO_HELM_REPO = "https://argoproj.github.io/argo-helm";

/** The Kubernetes Secret (in Argo CD's namespace) that carries the OIDC client secret, synced from the store. */
export const ARGO_CD_OIDC_SECRET = "argocd-oidc";

export interface ArgoCdSso {
    issuer: string;
    clientId: string;
    /** Groups granted `role:admin`. */
    adminGroups: readonly string[];
}

/**
 * Values of the `argo-cd` chart (10.1.1, Argo CD v3.4).
 *
 * - No public surface: the server Service stays ClusterIP, no Ingress, no gRPC Ingress; the
 *   agent drives Argo CD through the Kubernetes API (Application objects), so nothing outside
 *   the cluster needs to reach it.
 * - No admin password in values: without SSO the local admin is on and `argocd-server`
 *   generates its password at first start into the in-cluster Secret
 *   `argocd-initial-admin-secret` (Argo CD docs, "Getting started" step 4); Pulumi never sees it,
 *   so it is in neither code nor state. With SSO the local admin is disabled (`admin.enabled`).
 * - What TrueFoundry's own install sets (infra-charts, tfy-k8s-*-inframold `argocd.yaml`):
 *   Applications in any namespace (`application.namespaces: "*"`, the params key read by both
 *   server and controller), Dex, notifications and the ApplicationSet controller off. The `tfy-apps` project
 *   it also needs is `tfyAppsProject()` below.
 */
export function argoCdValues(a: { placement: NodePlacement; sso?: ArgoCdSso }): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    const cm: Record<string, unknown> = {
        "admin.enabled": a.sso === undefined,
        "exec.enabled": false,
    };
    const rbac: Record<string, unknown> = { "policy.default": "role:readonly" };
    if (a.sso) {
        // `$<secret>:<key>`: Argo CD reads the value from that Secret (labelled part-of argocd), never from the ConfigMap.
        cm["oidc.config"] = stringify({
            name: "SSO",
            issuer: a.sso.issuer,
            clientID: a.sso.clientId,
            clientSecret: `$${ARGO_CD_OIDC_SECRET}:clientSecret`,
            requestedScopes: ["openid", "profile", "email", "groups"],
        });
        if (a.sso.adminGroups.length > 0) rbac["policy.csv"] = a.sso.adminGroups.map((g) => `g, ${g}, role:admin`).join("\n") + "\n";
        rbac.scopes = "[groups]";
    }
    return {
        // Every component (controller, repo server, server, redis, the redis secret-init job) inherits these.
        global: { nodeSelector: { "kubernetes.io/os": "linux", ...nodeSelector }, tolerations },
        crds: { install: true, keep: true },
        dex: { enabled: false },
        notifications: { enabled: false },
        // Chart 10 has no `applicationSet.enabled` (TrueFoundry's install used chart 7's): zero replicas instead.
        applicationSet: { replicas: 0 },
        configs: {
            cm,
            params: { "application.namespaces": "*" },
            rbac,
            // The chart creates `argocd-secret` without an admin password; the server adds its own signing key.
            secret: { createSecret: true },
        },
        server: {
            service: { type: "ClusterIP" },
            ingress: { enabled: false },
            ingressGrpc: { enabled: false },
        },
    };
}

/**
 * The `tfy-apps` AppProject TrueFoundry deploys user applications into (TrueFoundry docs,
 * "Deploy compute plane", ArgoCD; infra-charts `tfy-apps.yaml`). It is as wide as TrueFoundry
 * requires: any repository, any destination, any cluster resource, Applications from any
 * namespace. Created beside the chart, not through its `extraObjects`: Helm cannot map an
 * AppProject in the same release that installs the AppProject CRD on first install.
 */
export function tfyAppsProject(namespace: string): Record<string, unknown> {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AppProject",
        metadata: { name: "tfy-apps", namespace },
        spec: {
            description: "Applications the TrueFoundry control plane deploys through the agent",
            sourceRepos: ["*"],
            destinations: [{ namespace: "*", server: "*" }],
            clusterResourceWhitelist: [{ group: "*", kind: "*" }],
            sourceNamespaces: ["*"],
        },
    };
}

/** A private repository Argo CD reads; its credentials are a JSON secret in the store. */
export interface ArgoCdRepository {
    name: string;
    url: string;
    /** Store secret name: a JSON object with `username` and `password` (https) or `sshPrivateKey` (ssh). */
    credentials: string;
}

/**
 * The ExternalSecrets Argo CD's secrets come from, never values in Helm or state: the OIDC client
 * secret (a Secret labelled part-of argocd, which `$argocd-oidc:clientSecret` in argocd-cm points
 * at) and one repository Secret per repository (labelled `argocd.argoproj.io/secret-type:
 * repository`, Argo CD's declarative form), its credential fields read from the JSON secret.
 */
export function argoCdExternalSecrets(a: { sso?: { clientSecret: string }; repositories: readonly ArgoCdRepository[] }): { role: string; request: ExternalSecretRequest; grant: SecretGrant }[] {
    const out: { role: string; request: ExternalSecretRequest; grant: SecretGrant }[] = [];
    if (a.sso) {
        const grant = { name: a.sso.clientSecret };
        out.push({ role: "oidc", grant, request: { name: ARGO_CD_OIDC_SECRET, targetName: ARGO_CD_OIDC_SECRET, data: [{ secretKey: "clientSecret", from: grant }], template: { labels: { "app.kubernetes.io/part-of": "argocd" } } } });
    }
    for (const r of a.repositories) {
        const grant = { name: r.credentials };
        const ssh = !r.url.startsWith("https://");
        const fields = ssh ? ["sshPrivateKey"] : ["username", "password"];
        out.push({
            role: `repo-${r.name}`,
            grant,
            request: {
                name: `repo-${r.name}`,
                targetName: `repo-${r.name}`,
                data: fields.map((f) => ({ secretKey: f, from: grant, property: f })),
                template: {
                    labels: { "argocd.argoproj.io/secret-type": "repository" },
                    data: { type: "git", url: r.url, ...Object.fromEntries(fields.map((f) => [f, `{{ .${f} }}`])) },
                },
            },
        });
    }
    return out;
}

export interface ArgoCdArgs {
    plane: ComputePlane;
    chartVersion: string;
    namespace: string;
    sso?: ArgoCdSso & { clientSecret: string };
    /** @default [] */
    repositories?: readonly ArgoCdRepository[];
    /** Secret sync: required with `sso` or `repositories`. */
    storeFor?: StoreFactory;
}

/** Argo CD for the agent's deployments: the chart, its namespace and the `tfy-apps` project. */
export class ArgoCd extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly release: k8s.helm.v3.Release;
    readonly project: k8s.apiextensions.CustomResource;

    constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:ArgoCd", name, {}, opts);
        const placement = controllerPlacement(args.plane);
        this.namespace = args.namespace;
        const ns = operationsNamespace(this, `${name}-namespace`, args.plane, args.namespace);
        const values = argoCdValues({ placement, sso: args.sso });
        const secrets = argoCdExternalSecrets({ sso: args.sso, repositories: args.repositories ?? [] });
        const synced: pulumi.Resource[] = [];
        if (secrets.length > 0) {
            if (!args.storeFor) throw new Error(`ArgoCd "${name}": SSO and private repositories need secret sync (storeFor)`);
            const store = args.storeFor(`${name}-secrets`, { namespace: args.namespace, namespaceResource: ns, secrets: secrets.map((x) => x.grant) }, { parent: this });
            for (const x of secrets) synced.push(store.externalSecret(x.role, x.request));
        }
        // The server reads the OIDC secret at start: it exists before the release does.
        this.release = chartRelease(this, `${name}-chart`, args.plane, { name: "argocd", chart: "argo-cd", repositoryOpts: { repo: ARGO_HELM_REPO }, version: args.chartVersion, namespace: args.namespace, values }, [ns, ...synced]);
        this.project = new k8s.apiextensions.CustomResource(`${name}-tfy-apps`, tfyAppsProject(args.namespace) as k8s.apiextensions.CustomResourceArgs, { parent: this, provider: args.plane.provider, dependsOn: [this.release] });
        this.registerOutputs({ namespace: this.namespace });
    }
}

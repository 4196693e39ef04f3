import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import type { SecretGrant } from "../../../components/compute-plane";
import { ArgoCd } from "../../../components/platform/operations/argo-cd";
import { OtelCollector } from "../../../components/platform/operations/otel-collector";
import type { StoreFactory } from "../../../components/platform/synced-secrets";
import { byType, dependsOn, inputsOf } from "../../../engine/testing";
import { runAwsStack, Scenario, stackFileConfig, T } from "../../aws/scenario";

/**
 * Argo CD's SSO client secret and repository credentials, and the collector's credential headers,
 * come from the store through the consumer namespace's own store (secret sync's `storeFor`), never
 * as values. Secret sync itself is tested where it is built; here a recording stand-in with the
 * same interface shows what each consumer asks for and what waits for it.
 */
const grants: Record<string, SecretGrant[]> = {};
const fakeStoreFor: StoreFactory = (name, args, opts) => {
    grants[args.namespace] = args.secrets;
    return {
        namespace: args.namespace,
        ready: [],
        externalSecret: (role, req) =>
            new k8s.apiextensions.CustomResource(`${name}-${role}`, { apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: req.name, namespace: args.namespace }, spec: { target: { name: req.targetName, template: req.template }, data: req.data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: "name" in d.from ? d.from.name : "id", ...(d.property ? { property: d.property } : {}) } })) } }, { ...opts, parent: opts?.parent }),
    };
};

let s: Scenario;
beforeAll(async () => {
    s = await runAwsStack("aws-secrets", stackFileConfig("aws-phase2"), (plane) => {
        new ArgoCd("argocd", {
            plane,
            chartVersion: "10.1.1",
            namespace: "argocd",
            sso: { issuer: "https://login.example.com", clientId: "argocd", clientSecret: "argocd/oidc-client-secret", adminGroups: ["platform-admins"] },
            repositories: [{ name: "apps", url: "https://git.example.com/apps.git", credentials: "argocd/repo-apps" }, { name: "infra", url: "git@git.example.com:infra.git", credentials: "argocd/repo-infra" }],
            storeFor: fakeStoreFor,
        });
        new OtelCollector("otel-collector", { plane, chartVersion: "0.170.0", namespace: "observability", endpoint: "https://otlp.example.com", headers: { authorization: { secret: "observability/otlp-token" }, "x-scope-orgid": { value: "tenant-a" } }, storeFor: fakeStoreFor });
        return {};
    });
});

const ext = (name: string) => byType(s.run, "kubernetes:external-secrets.io/v1:ExternalSecret").map(inputsOf).find((e) => e.metadata.name === name);
const release = (name: string) => byType(s.run, T.release).find((r) => inputsOf(r).name === name)!;

describe("Argo CD's secrets through its own store", () => {
    it("the argocd namespace's store is granted exactly the client secret and the two repositories' credentials", () => {
        expect(grants.argocd).toEqual([{ name: "argocd/oidc-client-secret" }, { name: "argocd/repo-apps" }, { name: "argocd/repo-infra" }]);
    });

    it("the OIDC Secret is labelled part-of argocd and is what argocd-cm points at; the local admin is off", () => {
        expect(ext("argocd-oidc")!.spec.target.template.labels).toEqual({ "app.kubernetes.io/part-of": "argocd" });
        const values = inputsOf(release("argocd")).values;
        expect(values.configs.cm["oidc.config"]).toContain("clientSecret: $argocd-oidc:clientSecret");
        expect(values.configs.cm["admin.enabled"]).toBe(false);
        expect(values.configs.rbac["policy.csv"]).toBe("g, platform-admins, role:admin\n");
        expect(JSON.stringify(values)).not.toContain("argocd/oidc-client-secret");
    });

    it("repository Secrets in Argo CD's declarative form: https with username/password, ssh with a private key, read from the JSON secret", () => {
        const https = ext("repo-apps")!;
        expect(https.spec.target.template.labels).toEqual({ "argocd.argoproj.io/secret-type": "repository" });
        expect(https.spec.target.template.data).toEqual({ type: "git", url: "https://git.example.com/apps.git", username: "{{ .username }}", password: "{{ .password }}" });
        expect(https.spec.data.map((d: any) => d.remoteRef)).toEqual([{ key: "argocd/repo-apps", property: "username" }, { key: "argocd/repo-apps", property: "password" }]);
        expect(ext("repo-infra")!.spec.data.map((d: any) => d.secretKey)).toEqual(["sshPrivateKey"]);
    });

    it("the release waits for its secrets (the server reads the OIDC secret at start)", () => {
        const oidc = byType(s.run, "kubernetes:external-secrets.io/v1:ExternalSecret").find((e) => inputsOf(e).metadata.name === "argocd-oidc")!;
        expect(dependsOn(s.run, release("argocd"), oidc)).toBe(true);
    });
});

describe("the collector's credential header through its own store", () => {
    it("the store is granted exactly the header's secret; the config references an env var, never the value", () => {
        expect(grants.observability).toEqual([{ name: "observability/otlp-token" }]);
        const values = inputsOf(release("otel-collector")).values;
        expect(values.config.exporters.otlphttp.headers).toEqual({ authorization: "${env:OTLP_HEADER_AUTHORIZATION}", "x-scope-orgid": "tenant-a" });
        expect(values.extraEnvs).toEqual([{ name: "OTLP_HEADER_AUTHORIZATION", valueFrom: { secretKeyRef: { name: "otel-exporter-headers", key: "authorization" } } }]);
        expect(ext("otel-exporter-headers")!.spec.data).toEqual([{ secretKey: "authorization", remoteRef: { key: "observability/otlp-token" } }]);
        expect(dependsOn(s.run, release("otel-collector"), byType(s.run, "kubernetes:external-secrets.io/v1:ExternalSecret").find((e) => inputsOf(e).metadata.name === "otel-exporter-headers")!)).toBe(true);
    });
});

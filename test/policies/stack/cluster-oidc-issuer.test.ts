import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/stack/cluster-oidc-issuer";
import type { ProgramRun } from "../../../engine/resource";
import { check, judge, Judged, record, Spec, UNKNOWN } from "../harness";

const cluster = (name: string): Spec => ({ type: "aws:eks/cluster:Cluster", name, props: { roleArn: "r", vpcConfig: { subnetIds: ["s"] } }, outputs: ["identities"] });
const provider = (name: string, from: string): Spec => ({
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    name,
    props: (ref) => ({ url: ref(from, "identities").apply((ids: any) => ids[0].oidcs[0].issuer), clientIdLists: ["sts.amazonaws.com"] }),
});
/** A role trusting `from`'s issuer by web identity: what makes the cluster rely on IRSA. */
const irsaRole = (name: string, from: string): Spec => ({
    type: "aws:iam/role:Role",
    name,
    props: (ref) => ({
        assumeRolePolicy: ref(from, "identities").apply((ids: any) => {
            const host = String(ids[0].oidcs[0].issuer).replace(/^https:\/\//, "");
            return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${host}:sub`]: "system:serviceaccount:apps:api", [`${host}:aud`]: "sts.amazonaws.com" } } }] });
        }),
    }),
});
const aks = (name: string, extra: Record<string, unknown>): Spec => ({ type: "azure-native:containerservice:ManagedCluster", name, props: { resourceGroupName: "rg", ...extra } });

describe("stack-cluster-oidc-issuer", () => {
    let wired: Judged;
    let missing: Judged;
    beforeAll(async () => {
        wired = await check(p, [cluster("eks"), provider("oidc", "eks"), aks("aks", { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } })]);
        missing = await check(p, [
            cluster("lonely"),
            irsaRole("lonely-app", "lonely"),
            cluster("other"),
            provider("other-oidc", "other"),
            { type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", name: "github", props: { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] } },
            aks("aks-plain", {}),
            { ...aks("aks-versioned", {}), type: "azure-native:containerservice/v20240501:ManagedCluster" },
        ]);
    });
    it("passes a cluster whose issuer has an IAM OIDC provider, and an AKS cluster with issuer and workload identity", () => {
        expect(wired.results.filter((r) => r.outcome === "violation")).toEqual([]);
        expect(wired.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });
    it("flags an EKS cluster with no provider for its own issuer (another cluster's provider does not count)", () => {
        expect(missing.messages("lonely")).toHaveLength(1);
        expect(missing.messages("lonely")[0]).toMatch(/^no IAM OIDC provider has the cluster's issuer URL \(https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}\), yet Role 'lonely-app' trusts it by web identity: IRSA cannot work$/);
        expect(missing.messages("other")).toEqual([]);
        expect(missing.of("lonely")[0].enforcementLevel).toBe("mandatory");
    });
    it("treats absent AKS settings as no issuer and no workload identity", () => {
        expect(missing.messages("aks-plain")).toEqual([
            "oidcIssuerProfile.enabled is not true: the cluster has no OIDC issuer",
            "securityProfile.workloadIdentity.enabled is not true: pods cannot use federated identities",
        ]);
    });
    it("judges AKS clusters registered under an API-versioned token", () => expect(missing.messages("aks-versioned")).toHaveLength(2));
    it("judges a cluster whose issuer is not reported yet (a preview) by what the provider's url is computed from", async () => {
        // A provider that omits computed outputs in a preview: the cluster's `identities` are absent.
        const withoutIssuer = (run: ProgramRun): ProgramRun => ({
            ...run,
            resources: run.resources.map((r) => (r.type === "aws:eks/cluster:Cluster" ? { ...r, rawOutputs: Object.fromEntries(Object.entries(r.rawOutputs).filter(([k]) => k !== "identities")) } : r)),
        });
        const fromCluster: Spec = { type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", name: "oidc", props: (ref) => ({ url: ref("wired", "arn").apply((arn: string) => `https://oidc.eks.eu-west-1.amazonaws.com/id/${arn.length}`), clientIdLists: ["sts.amazonaws.com"] }) };
        const annotated: Spec = { type: "kubernetes:core/v1:ServiceAccount", name: "api-sa", props: { metadata: { name: "api", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/api" } } } };
        const preview = await judge(p, withoutIssuer(await record([{ ...cluster("wired"), outputs: ["arn"] }, fromCluster, cluster("lonely"), annotated])));
        expect(preview.messages("wired")).toEqual([]);
        expect(preview.messages("lonely")).toEqual(["no IAM OIDC provider's url is computed from this cluster (its issuer, identities[0].oidcs[0].issuer, is not reported yet), yet ServiceAccount 'api-sa' annotates a service account with eks.amazonaws.com/role-arn: IRSA cannot work"]);
        const unknownUrl = await judge(p, withoutIssuer(await record([cluster("c"), { type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", name: "oidc", props: { url: UNKNOWN, clientIdLists: ["sts.amazonaws.com"] } }])));
        expect(unknownUrl.results.map((r) => r.outcome)).toEqual(["unknown"]);
    });
    it("does not flag a cluster nothing relies on for IRSA (EKS Pod Identity), and flags one whose add-on or Helm values use IRSA", async () => {
        const podIdentity = await check(p, [
            cluster("pi"),
            { type: "aws:eks/podIdentityAssociation:PodIdentityAssociation", name: "api", props: { clusterName: "pi", namespace: "apps", serviceAccount: "api", roleArn: "arn:aws:iam::123456789012:role/api" } },
            { type: "aws:iam/role:Role", name: "api", props: { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] }) } },
            { type: "aws:eks/addon:Addon", name: "cni", props: { clusterName: "pi", addonName: "vpc-cni" } },
        ]);
        expect(podIdentity.results.filter((r) => r.outcome === "violation")).toEqual([]);
        const addon = await check(p, [cluster("c"), { type: "aws:eks/addon:Addon", name: "cni", props: { clusterName: "c", addonName: "vpc-cni", serviceAccountRoleArn: "arn:aws:iam::123456789012:role/cni" } }]);
        expect(addon.messages("c")).toEqual([expect.stringContaining("yet the add-on Addon 'cni' sets serviceAccountRoleArn: IRSA cannot work")]);
        const helm = await check(p, [cluster("c"), { type: "kubernetes:helm.sh/v3:Release", name: "lbc", props: { chart: "aws-load-balancer-controller", values: { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc" } } } } }]);
        expect(helm.messages("c")).toEqual([expect.stringContaining("yet Release 'lbc' annotates a service account with eks.amazonaws.com/role-arn")]);
    });
    it("is not applicable without clusters (passes trivially)", async () => {
        const none = await check(p, [{ type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} }]);
        expect(none.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });
});

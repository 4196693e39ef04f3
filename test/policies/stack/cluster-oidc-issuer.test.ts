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
const aks = (name: string, extra: Record<string, unknown>): Spec => ({ type: "azure-native:containerservice:ManagedCluster", name, props: { resourceGroupName: "rg", ...extra } });

describe("stack-cluster-oidc-issuer", () => {
    let wired: Judged;
    let missing: Judged;
    beforeAll(async () => {
        wired = await check(p, [cluster("eks"), provider("oidc", "eks"), aks("aks", { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } })]);
        missing = await check(p, [
            cluster("lonely"),
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
        expect(missing.messages("lonely")[0]).toMatch(/^no IAM OIDC provider has the cluster's issuer URL \(https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}\): IRSA cannot work$/);
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
        const preview = await judge(p, withoutIssuer(await record([{ ...cluster("wired"), outputs: ["arn"] }, fromCluster, cluster("lonely")])));
        expect(preview.messages("wired")).toEqual([]);
        expect(preview.messages("lonely")).toEqual(["no IAM OIDC provider's url is computed from this cluster (its issuer, identities[0].oidcs[0].issuer, is not reported yet): IRSA cannot work"]);
        const unknownUrl = await judge(p, withoutIssuer(await record([cluster("c"), { type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", name: "oidc", props: { url: UNKNOWN, clientIdLists: ["sts.amazonaws.com"] } }])));
        expect(unknownUrl.results.map((r) => r.outcome)).toEqual(["unknown"]);
    });
    it("is not applicable without clusters (passes trivially)", async () => {
        const none = await check(p, [{ type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} }]);
        expect(none.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });
});

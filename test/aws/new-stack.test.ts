import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { lbControllerValues } from "../../components/aws/ingress-specs";
import { ec2NodeClassSpec, karpenterValues } from "../../components/aws/karpenter-specs";
import { evaluatePolicies, PolicyResult } from "../../engine/policy";
import { ProgramRun } from "../../engine/resource";
import { UNKNOWN } from "../../engine/values";
import { allPolicies } from "../../policies/policies";
import { find, ins, runAwsStack, stackFileConfig, T } from "./scenario";

/**
 * The example prod stack planned as the first `pulumi preview` of a stack that does not exist
 * yet: every output a provider computes (ids, ARNs, endpoints) is unknown. The Helm values and
 * EC2NodeClass specs must still be known objects, unknown only at the leaves that take such an
 * output, so that the mandatory Helm checks and the node hardening checks judge them rather than
 * fall back to "can't run during preview". One run, shared by every assertion.
 */
const HELM_POLICIES = ["k8s-helm-values-no-literal-credentials", "k8s-helm-values-no-public-load-balancer"];
const NODE_POLICIES = ["aws-ec2-imdsv2", "aws-ebs-encrypted"];

/**
 * Every unknown leaf, by path. Under the new-stack engine names are known (the cluster's is
 * configured; autonames are filled in when the provider checks the inputs, before any create),
 * so only the VPC id and the cluster endpoint, which AWS assigns, stay unknown.
 */
const EXPECTED_UNKNOWN: Record<string, { type: string; prop: "values" | "spec"; leaves: string[] }> = {
    "ingress-controller": { type: T.release, prop: "values", leaves: ["vpcId"] },
    "karpenter-controller": { type: T.release, prop: "values", leaves: ["settings.clusterEndpoint"] },
    "pool-general-nodeclass": { type: T.nodeClass, prop: "spec", leaves: [] },
    "pool-gpu-nodeclass": { type: T.nodeClass, prop: "spec", leaves: [] },
};

/** Paths (`a.b[0].c`) of the leaves for which `is` holds; objects that match are not entered. */
function leaves(value: unknown, is: (v: unknown) => boolean, path = ""): string[] {
    if (is(value)) return [path.replace(/^\./, "")];
    if (value === null || typeof value !== "object") return [];
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
    return entries.flatMap(([key, v]) => leaves(v, is, `${path}${key}`));
}
const leavesOf = (value: unknown) => leaves(value, (v) => v === UNKNOWN);
const outputLeaves = (value: unknown) => leaves(value, (v) => pulumi.Output.isInstance(v)).sort();

describe("builders take Outputs as leaves and keep the object plain around them", () => {
    const out = (s: string) => pulumi.output(s);
    it("EC2NodeClass: the role and the discovery tags", () => {
        const spec = ec2NodeClassSpec({ discoveryTag: out("c"), nodeRoleName: out("r"), amiAlias: "al2023@latest", rootVolumeSize: "80Gi", tags: {} });
        expect(outputLeaves(spec)).toEqual(["role", "securityGroupSelectorTerms[0].tags.karpenter.sh/discovery", "subnetSelectorTerms[0].tags.karpenter.sh/discovery"]);
    });
    it("karpenter values: cluster name and endpoint, queue, region", () => {
        const values = karpenterValues({ clusterName: out("c"), clusterEndpoint: out("e"), interruptionQueueName: out("q"), region: out("r"), serviceAccountName: "karpenter" });
        expect(outputLeaves(values)).toEqual(["controller.env[0].value", "settings.clusterEndpoint", "settings.clusterName", "settings.interruptionQueue"]);
    });
    it("LB controller values: cluster name, region, VPC id", () => {
        const values = lbControllerValues({ clusterName: out("c"), region: out("r"), vpcId: out("v"), serviceAccountName: "sa", tags: {}, placement: { nodeSelector: {}, tolerations: [] } });
        expect(outputLeaves(values)).toEqual(["clusterName", "region", "vpcId"]);
    });
});

let run: ProgramRun;
let results: PolicyResult[];

beforeAll(async () => {
    run = (await runAwsStack("aws-phase3-prod", stackFileConfig("aws-phase3-prod"), undefined, { newStack: true })).run;
    const checked = new Set([...HELM_POLICIES, ...NODE_POLICIES]);
    results = await evaluatePolicies(run.resources, { policies: allPolicies.filter((p) => checked.has(p.name)) });
}, 60_000);

describe("AWS prod stack, first preview of a new stack", () => {
    it("is a new stack: nothing has an id yet, and computed outputs reach other resources as unknowns", () => {
        expect(find(run, "aws:ec2/vpc:Vpc", "network-vpc").id).toBeUndefined();
        expect(ins(run, T.cluster, "eks-cluster").encryptionConfig.provider.keyArn).toBe(UNKNOWN);
    });

    it.each(Object.entries(EXPECTED_UNKNOWN))("%s: a known object, unknown only where a computed output goes", (name, e) => {
        const value = ins(run, e.type, name)[e.prop];
        expect(value).not.toBe(UNKNOWN);
        expect(typeof value).toBe("object");
        expect(leavesOf(value)).toEqual(e.leaves);
    });

    it("the settings the policies judge are known: internal load balancers, IMDSv2 with one hop, encrypted volumes", () => {
        expect(ins(run, T.release, "ingress-controller").values).toMatchObject({ defaultLoadBalancerScheme: "internal", clusterName: "splitplane-aws-phase3-prod", region: "eu-west-1" });
        for (const name of ["pool-general-nodeclass", "pool-gpu-nodeclass"]) {
            const spec = ins(run, T.nodeClass, name).spec;
            expect(spec.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            expect(spec.blockDeviceMappings.length).toBeGreaterThan(0);
            for (const b of spec.blockDeviceMappings) expect(b.ebs.encrypted).toBe(true);
        }
    });

    const outcome = (policy: string, type: string, name: string) => results.filter((r) => r.policy === policy && r.urn === find(run, type, name).urn).map((r) => r.outcome);

    it.each(HELM_POLICIES)("%s judges every Helm release with values, and passes", (policy) => {
        // The NVIDIA device plugin is the platform's now: test/platform/operations/stack.test.ts judges it as a new stack.
        for (const name of ["ingress-controller", "karpenter-controller"]) expect([name, outcome(policy, T.release, name)]).toEqual([name, ["pass"]]);
    });

    it.each(NODE_POLICIES)("%s judges every EC2NodeClass, and passes", (policy) => {
        for (const name of ["pool-general-nodeclass", "pool-gpu-nodeclass"]) expect([name, outcome(policy, T.nodeClass, name)]).toEqual([name, ["pass"]]);
    });

    it("none of the four policies is left unknown on any resource", () => {
        expect(results.filter((r) => r.outcome === "unknown").map((r) => `${r.policy} ${r.urn}: ${r.message}`)).toEqual([]);
    });
});

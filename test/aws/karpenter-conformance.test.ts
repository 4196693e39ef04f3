import { describe, expect, it } from "vitest";
import { ec2NodeClassSpec, generalNodePoolSpec, gpuNodePoolSpec, karpenterValues, onDemandNodePoolSpec } from "../../components/aws/karpenter-specs";
import { INTERRUPTION_EVENTS, karpenterControllerPolicies } from "../../components/aws/karpenter-policy";
import { NODE_ROLE_POLICIES } from "../../components/aws/system-nodes";
import { errorsOf, lazyValidator } from "./crd";
import { canonicalStatements } from "./policy-canon";
import { readCloudFormation, readYaml, reference, unknownValueKeys } from "./reference";

const nodePoolCrd = reference("crds/karpenter/karpenter.sh_nodepools.yaml");
const nodeClassCrd = reference("crds/karpenter/karpenter.k8s.aws_ec2nodeclasses.yaml");
const karpenterChartValues = reference("charts/karpenter/values.yaml");
const cloudFormation = reference("aws/karpenter-v1.14.cloudformation.yaml");

const general = generalNodePoolSpec({ nodeClassName: "general", cpu: 200, memoryGi: 800, capacityTypes: ["spot", "on-demand"], instanceCategories: ["c", "m", "r"], terminationGracePeriod: "1h" });
const gpu = gpuNodePoolSpec({ nodeClassName: "gpu", gpuLimit: 16, capacityTypes: ["spot", "on-demand"], instanceFamilies: ["g5", "g6"], terminationGracePeriod: "12h" });
const onDemand = onDemandNodePoolSpec({ nodeClassName: "on-demand", cpu: 64, memoryGi: 256, instanceCategories: ["c", "m", "r"], terminationGracePeriod: "1h30m" });
const nodeClass = (amiAlias: string) =>
    ec2NodeClassSpec({ discoveryTag: "splitplane-test", nodeRoleName: "karpenter-node-role-abc", amiAlias, rootVolumeSize: "80Gi", tags: { "splitplane:stack": "test", "kubernetes.io/cluster/x": "owned" } });
const object = (apiVersion: string, kind: string, name: string, spec: unknown) => ({ apiVersion, kind, metadata: { name }, spec });

describe("terminationGracePeriod and the delete timeout it implies", () => {
    it("durations in Karpenter's form, converted to a Pulumi delete timeout 15 minutes past the grace period", async () => {
        const { durationSeconds, nodePoolDeleteTimeout, DEFAULT_TERMINATION_GRACE_PERIOD } = await import("../../components/aws/karpenter-specs");
        expect([durationSeconds("1h"), durationSeconds("1h30m"), durationSeconds("90s")]).toEqual([3600, 5400, 90]);
        expect(() => durationSeconds("1d")).toThrow("is not a duration");
        expect([nodePoolDeleteTimeout("1h"), nodePoolDeleteTimeout("12h"), nodePoolDeleteTimeout("90s")]).toEqual(["75m", "735m", "17m"]);
        // GPU jobs get the longest drain; every pool has a bound.
        expect(DEFAULT_TERMINATION_GRACE_PERIOD).toEqual({ general: "1h", "on-demand": "1h", gpu: "12h" });
        expect([general, gpu, onDemand].map((s: any) => s.template.spec.terminationGracePeriod)).toEqual(["1h", "12h", "1h30m"]);
    });
});

describe.skipIf(!nodePoolCrd.exists)("NodePool specs conform to the karpenter.sh/v1 CRD (v1.14.1)", () => {
    // Built lazily: a skipped describe still runs its body, and the CRD file may be absent.
    const validate = lazyValidator(nodePoolCrd.path);

    it.each([["general", general], ["gpu", gpu], ["on-demand", onDemand]])("%s pool validates", (name, spec) => {
        const ok = validate(object("karpenter.sh/v1", "NodePool", name, spec));
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
    });

    it("the validator catches a misspelt field and a wrong enum value (it can fail)", () => {
        const bad = structuredClone(general) as any;
        bad.disruption.consolidationPolicy = "WhenIdle";
        bad.disruption.consolidateAftr = "1m";
        expect(validate(object("karpenter.sh/v1", "NodePool", "bad", bad))).toBe(false);
        expect(errorsOf(validate)).toEqual(
            expect.arrayContaining(["/spec/disruption must NOT have additional properties", "/spec/disruption/consolidationPolicy must be equal to one of the allowed values"]),
        );
    });

    it("CEL rules the schema cannot express hold: every `In` requirement has values", () => {
        for (const spec of [general, gpu, onDemand] as any[]) {
            for (const r of spec.template.spec.requirements) if (r.operator === "In") expect(r.values.length).toBeGreaterThan(0);
        }
    });
});

describe.skipIf(!nodeClassCrd.exists)("EC2NodeClass specs conform to the karpenter.k8s.aws/v1 CRD (v1.14.1)", () => {
    const validate = lazyValidator(nodeClassCrd.path);

    it.each(["al2023@latest", "bottlerocket@latest"])("%s node class validates", (alias) => {
        const ok = validate(object("karpenter.k8s.aws/v1", "EC2NodeClass", "general", nodeClass(alias)));
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
    });

    it("CEL rules hold: exactly one of role/instanceProfile, an alias alone, no reserved tag keys, at most one root volume", () => {
        const spec = nodeClass("al2023@latest") as any;
        expect("role" in spec && !("instanceProfile" in spec)).toBe(true);
        expect(spec.amiSelectorTerms).toEqual([{ alias: "al2023@latest" }]);
        expect(Object.keys(spec.tags)).toEqual(["splitplane:stack"]);
        expect(spec.blockDeviceMappings.filter((b: any) => b.rootVolume)).toHaveLength(1);
    });
});

describe.skipIf(!karpenterChartValues.exists)("karpenter chart values exist in the chart's values.yaml (1.14.1)", () => {
    it("every key we set is a chart key; the interruption queue is a name, not an ARN", () => {
        const values = karpenterValues({ clusterName: "c", clusterEndpoint: "https://x", interruptionQueueName: "karpenter-interruptions-abc", region: "eu-west-1", serviceAccountName: "karpenter" });
        expect(unknownValueKeys(values, readYaml(karpenterChartValues.path))).toEqual([]);
        expect((values.settings as any).interruptionQueue).not.toMatch(/^arn:/);
    });
    it("the check catches a key the chart does not have", () => {
        expect(unknownValueKeys({ settings: { interruptionQueueArn: "x" } }, readYaml(karpenterChartValues.path))).toEqual(["settings.interruptionQueueArn"]);
    });
});

describe.skipIf(!cloudFormation.exists)("Karpenter IAM and interruption handling match Karpenter's v1.14 CloudFormation", () => {
    const cfn = cloudFormation.exists ? readCloudFormation(cloudFormation.path) : { Resources: {} };
    const resources: Record<string, any> = cfn.Resources;
    const facts = { partition: "aws", region: "eu-west-1", accountId: "123456789012", clusterName: "splitplane-test", nodeRoleArn: "arn:aws:iam::123456789012:role/node", interruptionQueueArn: "arn:aws:sqs:eu-west-1:123456789012:q" };
    const substitute = (s: string) =>
        s
            .replace(/\$\{AWS::Partition\}/g, facts.partition)
            .replace(/\$\{AWS::Region\}/g, facts.region)
            .replace(/\$\{AWS::AccountId\}/g, facts.accountId)
            .replace(/\$\{ClusterName\}/g, facts.clusterName)
            .replace(/\$\{KarpenterNodeRole\.Arn\}/g, facts.nodeRoleArn)
            .replace(/\$\{KarpenterInterruptionQueue\.Arn\}/g, facts.interruptionQueueArn);
    const ours = karpenterControllerPolicies(facts);
    const NAMES: Record<string, keyof typeof ours> = {
        NodeLifecyclePolicy: "node-lifecycle",
        IAMIntegrationPolicy: "iam-integration",
        EKSIntegrationPolicy: "eks-integration",
        InterruptionPolicy: "interruption",
        ZonalShiftPolicy: "zonal-shift",
        ResourceDiscoveryPolicy: "resource-discovery",
    };

    it("every upstream controller policy has a counterpart here, and nothing extra", () => {
        const upstream = Object.entries(resources).filter(([, r]) => r.Type === "AWS::IAM::ManagedPolicy").map(([k]) => k).sort();
        expect(upstream).toEqual(Object.keys(NAMES).sort());
        expect(Object.keys(ours).sort()).toEqual(Object.values(NAMES).sort());
    });

    it.each(Object.entries(NAMES))("%s: same statements (actions, resources, conditions)", (upstreamName, ourName) => {
        const doc = JSON.parse(substitute(resources[upstreamName].Properties.PolicyDocument));
        expect(canonicalStatements(ours[ourName])).toEqual(canonicalStatements(doc));
    });

    it("node role: the upstream managed policies, except the CNI policy, which the VPC CNI gets through its own IRSA role", () => {
        const upstream = resources.KarpenterNodeRole.Properties.ManagedPolicyArns.map((a: string) => a.split("/").pop()).sort();
        expect([...NODE_ROLE_POLICIES, "AmazonEKS_CNI_Policy"].sort()).toEqual(upstream);
    });

    it("EventBridge rules: the same event sources and detail types", () => {
        const upstream = Object.values(resources)
            .filter((r: any) => r.Type === "AWS::Events::Rule")
            .map((r: any) => `${r.Properties.EventPattern.source[0]}|${r.Properties.EventPattern["detail-type"][0]}`)
            .sort();
        expect(Object.values(INTERRUPTION_EVENTS).map((e) => `${e.source}|${e.detailType}`).sort()).toEqual(upstream);
    });
});

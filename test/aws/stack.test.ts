import { beforeAll, describe, expect, it } from "vitest";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun } from "../../engine/resource";
import { cidrRange } from "../../components/aws/cidr";
import { crdValidator, errorsOf } from "./crd";
import { readYaml, reference, unknownValueKeys } from "./reference";
import { allInputs, find, ins, json, outs, runAwsStack, Scenario, stackFileConfig, T } from "./scenario";

/**
 * The AWS program in three scenarios, one mock run each (shared by every assertion):
 * - defaults: the least a user can write to prove the path (dev, phase 0, one admin, a self-hosted
 *   control plane, whose database this branch of the program makes; no certificate);
 * - hardened: the example prod stack, phase 3;
 * - maximal: every option on, every loosening taken explicitly.
 */
const ADMIN = "arn:aws:iam::111122223333:role/platform-admin";
const CONFIGS: Record<string, () => Record<string, string>> = {
    defaults: () => ({
        "aws:region": "eu-west-1",
        "splitplane:cloud": "aws",
        "splitplane:environment": "dev",
        "splitplane:phase": "0",
        "splitplane:cluster": JSON.stringify({ admins: [ADMIN] }),
        "splitplane:controlPlane": JSON.stringify({ url: "https://truefoundry.example.com", tenantName: "example" }),
    }),
    hardened: () => stackFileConfig("aws-phase3-prod"),
    maximal: () => ({
        "aws:region": "us-west-2",
        "splitplane:cloud": "aws",
        "splitplane:environment": "staging",
        "splitplane:phase": "2",
        "splitplane:costCenter": "research",
        "splitplane:tags": JSON.stringify({ team: "ml", "splitplane:stack": "spoofed" }),
        "splitplane:network": JSON.stringify({
            cidr: "10.80.0.0/16",
            azCount: 6,
            natStrategy: "OnePerAz",
            vpcEndpoints: ["ecr.api", "ecr.dkr", "sts", "s3tables", "bedrock-runtime"],
            ecrRegistryAccounts: ["763104351884"],
            s3ReadBuckets: ["quay-registry-layers"],
        }),
        "splitplane:cluster": JSON.stringify({
            admins: [ADMIN, "arn:aws:iam::111122223333:role/ci/deployer"],
            supportType: "EXTENDED",
            publicEndpointCidrs: ["203.0.113.0/24"],
            apiClientCidrs: ["192.168.100.0/24"],
            apiClientSecurityGroupIds: ["sg-0123456789abcdef0"],
            systemNodes: { min: 3, max: 6 },
        }),
        "splitplane:nodePools": JSON.stringify({ amiAlias: "bottlerocket@latest", gpu: { enabled: true, gpuLimit: 64, capacityTypes: ["on-demand"], instanceFamilies: ["g6e"], terminationGracePeriod: "48h" } }),
        "splitplane:database": JSON.stringify({ multiAz: true, deletionProtection: true, allowMajorVersionUpgrade: true }),
        "splitplane:ingress": JSON.stringify({
            certificateArn: "arn:aws:acm:us-west-2:111122223333:certificate/abc-123",
            internetFacing: true,
            allowedCidrs: ["198.51.100.0/24"],
            wafAclArn: "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/public/abc",
        }),
    }),
};
const runs: Record<string, Scenario> = {};
const VPC_CIDR: Record<string, string> = { defaults: "10.40.0.0/16", hardened: "10.60.0.0/16", maximal: "10.80.0.0/16" };
/** The deploying clients each scenario admits to the private API (the prod stack file's CI runner subnet). */
const API_CLIENTS: Record<string, { cidrIpv4?: string; referencedSecurityGroupId?: string }[]> = {
    defaults: [],
    hardened: [{ cidrIpv4: "10.0.8.0/24" }],
    maximal: [{ cidrIpv4: "192.168.100.0/24" }, { referencedSecurityGroupId: "sg-0123456789abcdef0" }],
};

beforeAll(async () => {
    for (const [name, config] of Object.entries(CONFIGS)) runs[name] = await runAwsStack(`aws-${name}`, config());
}, 60_000);

describe.each(Object.keys(CONFIGS))("AWS stack, %s scenario", (scenario) => {
    const run = (): ProgramRun => runs[scenario].run;

    it("records every invoke against a mock", () => {
        expect(run().unmockedInvokes).toEqual([]);
    });

    it("EKS: private endpoint unless publicEndpointCidrs, Secrets encrypted with the eks key, API access entries, every log type", () => {
        const c = ins(run(), T.cluster, "eks-cluster");
        expect(c.vpcConfig.endpointPrivateAccess).toBe(true);
        if (scenario === "maximal") {
            expect(c.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
        } else {
            expect(c.vpcConfig.endpointPublicAccess).toBe(false);
            expect(c.vpcConfig.publicAccessCidrs).toBeUndefined();
        }
        expect(c.encryptionConfig).toEqual({ resources: ["secrets"], provider: { keyArn: outs(run(), "aws:kms/key:Key", "keys-eks-key").arn } });
        // The cluster role may use that key (and only that key), before the cluster exists.
        const keyUse = find(run(), T.rolePolicy, "eks-cluster-kms");
        expect(json(inputsOf(keyUse).policy).Statement).toEqual([
            { Sid: "UseSecretsKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: outs(run(), "aws:kms/key:Key", "keys-eks-key").arn },
        ]);
        expect(inputsOf(keyUse).role).toBe(outs(run(), T.role, "eks-cluster-role").name);
        expect(dependsOn(run(), find(run(), T.cluster, "eks-cluster"), keyUse)).toBe(true);
        expect(c.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        expect(c.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        expect(c.upgradePolicy).toEqual({ supportType: scenario === "maximal" ? "EXTENDED" : "STANDARD" });
    });

    it("RDS: no password input anywhere; RDS-managed secret, IAM auth, private, encrypted, TLS forced", () => {
        for (const r of run().resources.filter((x) => x.type.startsWith("aws:rds/"))) {
            const i = inputsOf(r);
            for (const key of ["password", "passwordWo", "masterPassword"]) expect(i, `${r.name}.${key}`).not.toHaveProperty(key);
        }
        const db = ins(run(), T.rds, "postgres-postgres");
        expect(db).toMatchObject({ manageMasterUserPassword: true, iamDatabaseAuthenticationEnabled: true, publiclyAccessible: false, storageEncrypted: true, engine: "postgres" });
        expect(db.masterUserSecretKmsKeyId).toBe(outs(run(), "aws:kms/key:Key", "secrets-kms-key").arn);
        expect(ins(run(), "aws:rds/parameterGroup:ParameterGroup", "postgres-params").parameters).toContainEqual({ name: "rds.force_ssl", value: "1" });
        // Exported logs land in groups made beforehand, encrypted with the logs key, with a retention.
        expect(db.identifier).toBe(`splitplane-aws-${scenario}`);
        const logsKeyArn = outs(run(), "aws:kms/key:Key", "keys-logs-key").arn;
        for (const log of db.enabledCloudwatchLogsExports) {
            const group = find(run(), "aws:cloudwatch/logGroup:LogGroup", `postgres-log-${log}`);
            expect(inputsOf(group)).toMatchObject({ name: `/aws/rds/instance/${db.identifier}/${log}`, kmsKeyId: logsKeyArn, retentionInDays: 365 });
            expect(dependsOn(run(), find(run(), T.rds, "postgres-postgres"), group)).toBe(true);
        }
        expect(db.enabledCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
        // A major upgrade only on purpose: the flag reaches RDS, and with it changes apply at once.
        const major = scenario === "maximal";
        expect(db.allowMajorVersionUpgrade).toBe(major);
        expect(db.applyImmediately).toBe(major ? true : undefined);
        // Major version only with automatic minor upgrades: nothing for a refresh to turn into a downgrade.
        expect(db).toMatchObject({ engineVersion: "17", autoMinorVersionUpgrade: true });
        expect(ins(run(), "aws:rds/parameterGroup:ParameterGroup", "postgres-params").family).toBe("postgres17");
    });

    it("endpoint policies: S3 admits this account's buckets and read of the AWS-owned ones nodes need; ECR admits this account and the region's EKS add-on registry", () => {
        const region = scenario === "maximal" ? "us-west-2" : "eu-west-1";
        const s3 = json(ins(run(), "aws:ec2/vpcEndpoint:VpcEndpoint", "endpoints-s3").policy);
        expect(s3.Statement[0]).toEqual({ Sid: "ThisAccountsBuckets", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } } });
        expect(s3.Statement[1]).toMatchObject({ Effect: "Allow", Action: "s3:GetObject" });
        const readable: string[] = s3.Statement[1].Resource;
        for (const bucket of [`prod-${region}-starport-layer-bucket`, `al2023-repos-${region}-de612dc2`, `amazon-ssm-${region}`, `aws-ssm-${region}`]) expect(readable).toContain(`arn:aws:s3:::${bucket}/*`);
        expect(readable.includes("arn:aws:s3:::quay-registry-layers/*")).toBe(scenario === "maximal");
        expect(readable.every((r) => r.endsWith("/*") && !r.includes(":::*"))).toBe(true);
        expect(s3.Statement).toHaveLength(2);
        for (const service of ["ecr-api", "ecr-dkr"]) {
            const doc = json(ins(run(), "aws:ec2/vpcEndpoint:VpcEndpoint", `endpoints-${service}`).policy);
            expect(doc.Statement.find((s: any) => s.Sid === "ThisAccountsRepositories").Resource).toBe(`arn:aws:ecr:${region}:123456789012:repository/*`);
            const pulls = doc.Statement.find((s: any) => s.Sid === "PullEksAddonAndListedRegistries");
            expect(pulls.Action).toEqual(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]);
            expect(pulls.Resource).toEqual([
                `arn:aws:ecr:${region}:602401143452:repository/*`,
                ...(scenario === "maximal" ? [`arn:aws:ecr:${region}:763104351884:repository/*`] : []),
            ]);
        }
        // The other interface endpoints keep the default policy; the callers' IAM bounds them.
        expect(ins(run(), "aws:ec2/vpcEndpoint:VpcEndpoint", "endpoints-sts").policy).toBeUndefined();
    });

    it("the private API admits the configured deploying clients on tcp/443, and the Kubernetes provider waits for those rules", () => {
        const clusterSg = outs(run(), T.cluster, "eks-cluster").vpcConfig.clusterSecurityGroupId;
        const rules = byType(run(), T.sgRule).filter((r) => r.name.startsWith("eks-api-from-"));
        expect(rules.map(inputsOf)).toEqual(
            API_CLIENTS[scenario].map((source) => ({ securityGroupId: clusterSg, ipProtocol: "tcp", fromPort: 443, toPort: 443, ...source, description: expect.stringContaining("Kubernetes API") })),
        );
        // Named after the source, not a list position: reordering the config replaces nothing.
        if (scenario === "hardened") expect(rules.map((r) => r.name)).toEqual(["eks-api-from-10-0-8-0-24"]);
        const provider = byType(run(), T.k8sProvider).find((p) => p.name === "eks-k8s")!;
        for (const rule of rules) expect(dependsOn(run(), provider, rule), rule.name).toBe(true);
    });

    it("security groups admit nothing from outside the VPC but the deploying clients: endpoints 443 from the VPC CIDR, the database 5432 from the cluster SG only", () => {
        const [vpcFirst, vpcLast] = cidrRange(VPC_CIDR[scenario]);
        for (const { name, inputs } of allInputs(run(), T.sgRule)) {
            if (name.startsWith("eks-api-from-")) continue; // the deploying clients, asserted exactly above
            if (inputs.cidrIpv4) {
                const [first, last] = cidrRange(inputs.cidrIpv4);
                expect(first >= vpcFirst && last <= vpcLast, `${name} admits ${inputs.cidrIpv4}`).toBe(true);
            } else {
                expect(inputs.referencedSecurityGroupId, name).toMatch(/^sg-/);
            }
            expect(inputs.cidrIpv6, name).toBeUndefined();
        }
        for (const { name, inputs } of allInputs(run(), T.sg)) expect(inputs.ingress ?? [], name).toEqual([]);
        expect(ins(run(), T.sgRule, "endpoints-https-from-vpc")).toMatchObject({ fromPort: 443, toPort: 443, cidrIpv4: VPC_CIDR[scenario] });
        const clusterSg = outs(run(), T.cluster, "eks-cluster").vpcConfig.clusterSecurityGroupId;
        const dbRules = allInputs(run(), T.sgRule).filter((r) => r.name.startsWith("postgres-"));
        expect(dbRules.map((r) => r.inputs)).toEqual([expect.objectContaining({ fromPort: 5432, toPort: 5432, referencedSecurityGroupId: clusterSg })]);
        expect(ins(run(), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg")).toMatchObject({ ingress: [], egress: [] });
    });

    it("IMDSv2 with hop limit 1 and encrypted gp3 volumes on every launch template and node class; no SSH key", () => {
        const lts = byType(run(), T.lt);
        expect(lts.length).toBeGreaterThan(0);
        for (const lt of lts) {
            const i = inputsOf(lt);
            expect(i.metadataOptions, lt.name).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            expect(i.keyName).toBeUndefined();
            for (const b of i.blockDeviceMappings) expect(b.ebs).toMatchObject({ encrypted: "true", volumeType: "gp3" });
        }
        for (const nc of byType(run(), T.nodeClass)) {
            const spec = inputsOf(nc).spec;
            // Every boot device is listed (an unlisted one takes the AMI's unencrypted mapping): Bottlerocket has an OS and a data volume.
            const bottlerocket = spec.amiSelectorTerms[0].alias.startsWith("bottlerocket@");
            expect(spec.blockDeviceMappings.map((b: { deviceName: string }) => b.deviceName), nc.name).toEqual(bottlerocket ? ["/dev/xvda", "/dev/xvdb"] : ["/dev/xvda"]);
            expect(spec.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            expect(spec.associatePublicIPAddress).toBe(false);
            for (const b of spec.blockDeviceMappings) expect(b.ebs).toMatchObject({ encrypted: true, volumeType: "gp3" });
        }
        const ng = ins(run(), "aws:eks/nodeGroup:NodeGroup", "eks-system");
        expect(ng.remoteAccess).toBeUndefined();
        expect(ng.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        expect(ng.capacityType).toBe("ON_DEMAND");
    });

    it("node roles: the managed system node group's role has AmazonEC2ContainerRegistryReadOnly (CreateNodegroup checks for it); Karpenter's keeps PullOnly", () => {
        const policiesOf = (role: string) =>
            byType(run(), T.attachment)
                .map(inputsOf)
                .filter((a) => a.role === outs(run(), T.role, role).name)
                .map((a) => String(a.policyArn).replace("arn:aws:iam::aws:policy/", ""))
                .sort();
        expect(ins(run(), "aws:eks/nodeGroup:NodeGroup", "eks-system").nodeRoleArn).toBe(outs(run(), T.role, "eks-system-node-role").arn);
        expect(policiesOf("eks-system-node-role")).toEqual(
            ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"],
        );
        expect(policiesOf("karpenter-node-role")).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
    });

    it("no subnet maps public IPs; private subnets carry the internal-elb and Karpenter discovery tags", () => {
        const subnets = allInputs(run(), T.subnet);
        for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch, s.name).toBe(false);
        const clusterName = ins(run(), T.cluster, "eks-cluster").name;
        const privates = subnets.filter((s) => s.name.startsWith("network-private-"));
        for (const s of privates) expect(s.inputs.tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": clusterName });
        for (const s of subnets.filter((x) => x.name.startsWith("network-public-"))) expect(s.inputs.tags["kubernetes.io/role/elb"]).toBe("1");
    });

    it("destroy-safe edges: NodePools and EC2NodeClasses wait for the Karpenter release, which waits for its CRD release and credentials", () => {
        const controller = find(run(), T.release, "karpenter-controller");
        for (const r of [...byType(run(), T.nodePool), ...byType(run(), T.nodeClass)]) expect(dependsOn(run(), r, controller), r.name).toBe(true);
        expect(dependsOn(run(), controller, find(run(), T.release, "karpenter-crd"))).toBe(true);
        expect(dependsOn(run(), controller, find(run(), "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-controller-association"))).toBe(true);
        expect(inputsOf(controller)).toMatchObject({ chart: "oci://public.ecr.aws/karpenter/karpenter", version: "1.14.1", skipCrds: true });
        expect(ins(run(), T.release, "karpenter-crd")).toMatchObject({ chart: "oci://public.ecr.aws/karpenter/karpenter-crd", version: "1.14.1" });
        // Each add-on is pinned to EKS's default version for the cluster's Kubernetes version (mocked
        // lookup), so a Kubernetes upgrade moves the add-ons with it.
        const addons = allInputs(run(), "aws:eks/addon:Addon");
        expect(addons.map((x) => x.inputs.addonName).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
        for (const x of addons) expect(x.inputs.addonVersion, x.name).toBe("v1.0.0-eksbuild.1");
        // The Pod Identity agent runs on every node, tainted or not: Karpenter on the system nodes depends on it.
        expect(json(ins(run(), "aws:eks/addon:Addon", "eks-eks-pod-identity-agent").configurationValues)).toEqual({ tolerations: [{ operator: "Exists" }] });
        const coredns = find(run(), "aws:eks/addon:Addon", "eks-coredns");
        expect(dependsOn(run(), coredns, find(run(), "aws:eks/nodeGroup:NodeGroup", "eks-system"))).toBe(true);
        expect(dependsOn(run(), find(run(), "aws:eks/nodeGroup:NodeGroup", "eks-system"), find(run(), "aws:eks/addon:Addon", "eks-vpc-cni"))).toBe(true);
    });

    it("destroy that cannot hang: every NodePool bounds its drains (terminationGracePeriod per pool kind), and its NodePool and EC2NodeClass have a delete timeout past that bound", () => {
        const expected: Record<string, [string, string]> = {
            general: ["1h", "75m"],
            "on-demand": ["1h", "75m"],
            gpu: scenario === "maximal" ? ["48h", "2895m"] : ["12h", "735m"],
        };
        const pools = byType(run(), T.nodePool);
        expect(pools.length).toBeGreaterThanOrEqual(2);
        for (const pool of pools) {
            const kind = inputsOf(pool).metadata.name as string;
            const [grace, timeout] = expected[kind];
            expect(inputsOf(pool).spec.template.spec.terminationGracePeriod, kind).toBe(grace);
            expect(pool.options.customTimeouts, kind).toEqual({ delete: timeout });
            const nodeClass = byType(run(), T.nodeClass).find((c) => inputsOf(c).metadata.name === kind)!;
            expect(nodeClass.options.customTimeouts, `${kind} EC2NodeClass`).toEqual({ delete: timeout });
        }
    });

    it("destroy-safe edges: every controller and add-on waits for its IAM permissions, so it keeps them until it has cleaned up", () => {
        const grants = [...byType(run(), T.rolePolicy), ...byType(run(), T.attachment)];
        const grant = (name: string) => grants.find((g) => g.name === name) ?? find(run(), T.rolePolicy, name);
        const expected: [string, string, string[]][] = [
            [T.release, "karpenter-controller", grants.filter((g) => /^karpenter-(controller|node)-/.test(g.name)).map((g) => g.name)],
            [T.release, "ingress-controller", ["ingress-controller-irsa-lb-controller"]],
            ["aws:eks/addon:Addon", "eks-vpc-cni", ["eks-vpc-cni-irsa-amazoneks-cni-policy"]],
            ["aws:eks/addon:Addon", "eks-aws-ebs-csi-driver", ["eks-ebs-csi-irsa-amazonebscsidriverpolicy"]],
            ["aws:ec2/flowLog:FlowLog", "network-flow-logs", ["network-flow-logs"]],
        ];
        expect(expected[0][2]).toHaveLength(9);
        for (const [type, user, needs] of expected) {
            for (const g of needs) expect(dependsOn(run(), find(run(), type, user), grant(g)), `${user} waits for ${g}`).toBe(true);
        }
        // No permission is left for Pulumi to delete first: something outside IAM waits for each one.
        const users = run().resources.filter((r) => r.custom && !r.type.startsWith("aws:iam/"));
        for (const g of grants) expect(users.some((u) => dependsOn(run(), u, g)), `${g.name} has a dependent`).toBe(true);
    });

    it("the Ingress (when a certificate is set) waits for the LB controller release, so the controller outlives its ALB, and is ready once the ALB exists", () => {
        const ingresses = byType(run(), T.ingress);
        expect(ingresses).toHaveLength(scenario === "defaults" ? 0 : 1);
        for (const ing of ingresses) {
            expect(dependsOn(run(), ing, find(run(), T.release, "ingress-controller"))).toBe(true);
            // Ready once the ALB has a host name; Pulumi's default would also want the mesh's Endpoints.
            expect(inputsOf(ing).metadata.annotations["pulumi.com/waitFor"]).toBe("jsonpath={.status.loadBalancer.ingress[0].hostname}");
            expect(inputsOf(ing).metadata.annotations["pulumi.com/skipAwait"]).toBeUndefined();
        }
    });

    it("IRSA trust: exact sub and aud for each add-on and controller, from this cluster's OIDC provider only", () => {
        const provider = outs(run(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidc");
        const issuer = outs(run(), T.cluster, "eks-cluster").identities[0].oidcs[0].issuer.replace("https://", "");
        const expected: Record<string, string> = {
            "eks-vpc-cni-irsa-role": "system:serviceaccount:kube-system:aws-node",
            "eks-ebs-csi-irsa-role": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            "ingress-controller-irsa-role": "system:serviceaccount:kube-system:aws-load-balancer-controller",
        };
        for (const [role, sub] of Object.entries(expected)) {
            expect(json(ins(run(), T.role, role).assumeRolePolicy).Statement, role).toEqual([
                {
                    Effect: "Allow",
                    Principal: { Federated: provider.arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: "sts.amazonaws.com" } },
                },
            ]);
        }
        expect(ins(run(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidc").clientIdLists).toEqual(["sts.amazonaws.com"]);
        const karpenterTrust = json(ins(run(), T.role, "karpenter-controller-role").assumeRolePolicy).Statement[0];
        expect(karpenterTrust.Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
        expect(karpenterTrust.Condition).toEqual({
            StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-arn": outs(run(), T.cluster, "eks-cluster").arn,
                "aws:RequestTag/kubernetes-namespace": "kube-system",
                "aws:RequestTag/kubernetes-service-account": "karpenter",
            },
        });
        expect(ins(run(), "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-controller-association")).toMatchObject({ namespace: "kube-system", serviceAccount: "karpenter" });
    });

    it("the Kubernetes provider authenticates with the aws CLI exec plugin; no token, key or password in its kubeconfig", () => {
        const providers = byType(run(), T.k8sProvider).filter((p) => !p.name.startsWith("default"));
        expect(providers).toHaveLength(1);
        const kubeconfig = json(inputsOf(providers[0]).kubeconfig);
        const exec = kubeconfig.users[0].user.exec;
        expect(exec.command).toBe("aws");
        expect(exec.args.slice(0, 4)).toEqual(["eks", "get-token", "--cluster-name", ins(run(), T.cluster, "eks-cluster").name]);
        expect(Object.keys(kubeconfig.users[0].user)).toEqual(["exec"]);
        expect(JSON.stringify(kubeconfig)).not.toMatch(/"(token|client-key-data|password)"/);
    });

    it("Karpenter: interruption queue by name, SSE on, fed by five EventBridge rules it alone accepts", () => {
        const queue = outs(run(), "aws:sqs/queue:Queue", "karpenter-interruptions");
        expect(ins(run(), "aws:sqs/queue:Queue", "karpenter-interruptions")).toMatchObject({ sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
        expect(ins(run(), T.release, "karpenter-controller").values.settings.interruptionQueue).toBe(queue.name);
        const targets = allInputs(run(), "aws:cloudwatch/eventTarget:EventTarget");
        expect(targets.map((t) => t.inputs.arn)).toEqual(Array(5).fill(queue.arn));
        const ruleArns = byType(run(), "aws:cloudwatch/eventRule:EventRule").map((r) => outputsOf(r).arn).sort();
        const policy = json(ins(run(), "aws:sqs/queuePolicy:QueuePolicy", "karpenter-interruptions").policy);
        expect([...policy.Statement[0].Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(ruleArns);
        expect(ins(run(), "aws:eks/accessEntry:AccessEntry", "karpenter-node-access").type).toBe("EC2_LINUX");
    });

    it("every taggable AWS resource carries the enforced tags, which the caller cannot override", () => {
        const tagged = run().resources.filter((r) => r.type.startsWith("aws:") && inputsOf(r).tags);
        expect(tagged.length).toBeGreaterThan(50);
        for (const r of tagged) expect(inputsOf(r).tags["splitplane:stack"], r.name).toBe(`aws-${scenario}`);
        if (scenario === "maximal") for (const r of tagged) expect(inputsOf(r).tags).toMatchObject({ team: "ml", "splitplane:cost-center": "research", "splitplane:phase": "2" });
    });
});

const crds = { NodePool: reference("crds/karpenter/karpenter.sh_nodepools.yaml"), EC2NodeClass: reference("crds/karpenter/karpenter.k8s.aws_ec2nodeclasses.yaml") };
const chartValues: Record<string, ReturnType<typeof reference>> = {
    karpenter: reference("charts/karpenter/values.yaml"),
    "aws-load-balancer-controller": reference("charts/aws-load-balancer-controller/values.yaml"),
};

describe.skipIf(!crds.NodePool.exists || !crds.EC2NodeClass.exists)("registered Karpenter objects conform to the v1.14.1 CRDs", () => {
    it.each(Object.keys(CONFIGS))("%s scenario", (scenario) => {
        const validators = { NodePool: crdValidator(crds.NodePool.path), EC2NodeClass: crdValidator(crds.EC2NodeClass.path) };
        const objects = [...byType(runs[scenario].run, T.nodePool), ...byType(runs[scenario].run, T.nodeClass)];
        expect(objects.length).toBeGreaterThanOrEqual(2);
        for (const r of objects) {
            const i = inputsOf(r);
            const validate = validators[i.kind as keyof typeof validators];
            const ok = validate({ apiVersion: i.apiVersion, kind: i.kind, metadata: i.metadata, spec: i.spec });
            expect(errorsOf(validate), r.name).toEqual([]);
            expect(ok).toBe(true);
        }
    });
});

describe("registered Helm values use only keys of the pinned charts", () => {
    it.each(Object.keys(CONFIGS))("%s scenario", (scenario) => {
        const releases = byType(runs[scenario].run, T.release).map(inputsOf);
        expect(releases.map((r) => r.name).sort()).toEqual(
            // The NVIDIA device plugin is the platform's (test/platform/operations): not part of the AWS plane's own releases.
            ["aws-load-balancer-controller", "karpenter", "karpenter-crd"].sort(),
        );
        for (const r of releases) {
            const ref = chartValues[r.name];
            if (!ref || !ref.exists) continue;
            expect(unknownValueKeys(r.values ?? {}, readYaml(ref.path)), r.name).toEqual([]);
        }
    });
});

describe("scenario specifics", () => {
    it("defaults (dev): one NAT gateway, single-AZ database without deletion protection or final snapshot, no GPU pool, nothing protected", () => {
        const { run } = runs.defaults;
        expect(byType(run, T.nat)).toHaveLength(1);
        expect(ins(run, T.rds, "postgres-postgres")).toMatchObject({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true });
        expect(ins(run, T.rds, "postgres-postgres").finalSnapshotIdentifier).toBeUndefined();
        expect(byType(run, "random:index/randomId:RandomId")).toEqual([]);
        expect(byType(run, T.nodePool).map((r) => inputsOf(r).metadata.name)).toEqual(["general", "on-demand"]);
        expect(run.resources.filter((r) => r.options.protect)).toEqual([]);
    });

    it("hardened (prod, phase 3): NAT per AZ, multi-AZ database, deletion protection, final snapshot, `protect` on stateful resources", () => {
        const { run } = runs.hardened;
        expect(byType(run, T.nat)).toHaveLength(3);
        expect(ins(run, T.rds, "postgres-postgres")).toMatchObject({ multiAz: true, deletionProtection: true, skipFinalSnapshot: false });
        // The final snapshot's name carries a suffix drawn once per stack, so a re-created stack's destroy cannot collide.
        const suffix = outs(run, "random:index/randomId:RandomId", "postgres-final-snapshot").hex;
        expect(suffix).toMatch(/^[0-9a-f]{8}$/);
        expect(ins(run, T.rds, "postgres-postgres").finalSnapshotIdentifier).toBe(`splitplane-aws-hardened-final-${suffix}`);
        expect(ins(run, T.cluster, "eks-cluster").deletionProtection).toBe(true);
        const protectedTypes = new Set(run.resources.filter((r) => r.options.protect).map((r) => r.type));
        expect([...protectedTypes].sort()).toEqual(["aws:cloudwatch/logGroup:LogGroup", "aws:eks/cluster:Cluster", "aws:kms/key:Key", "aws:rds/instance:Instance", "aws:s3/bucket:Bucket"]);
        expect(byType(run, "aws:kms/key:Key").every((k) => k.options.protect && inputsOf(k).enableKeyRotation === true)).toBe(true);
        const ingress = ins(run, T.ingress, "ingress-ingress");
        expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/scheme"]).toBe("internal");
        expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"]).toMatch(/^arn:aws:wafv2:eu-west-1:/);
        const gpu = inputsOf(find(run, T.nodePool, "pool-gpu-nodepool")).spec;
        expect(gpu.template.spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
        expect(gpu.limits).toEqual({ "nvidia.com/gpu": "32" });
    });

    it("maximal: 6 AZs, 6 NAT gateways, the public endpoint and internet-facing ALB exactly as configured", () => {
        const { run } = runs.maximal;
        expect(byType(run, T.subnet)).toHaveLength(18);
        expect(byType(run, T.nat)).toHaveLength(6);
        const annotations = ins(run, T.ingress, "ingress-ingress").metadata.annotations;
        expect(annotations).toMatchObject({ "alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/inbound-cidrs": "198.51.100.0/24" });
        expect(byType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => inputsOf(e).serviceName).sort()).toEqual(
            ["bedrock-runtime", "ecr.api", "ecr.dkr", "s3", "s3tables", "sts"].map((s) => `com.amazonaws.us-west-2.${s}`),
        );
        expect(inputsOf(find(run, T.nodePool, "pool-gpu-nodepool")).spec.template.spec.requirements).toContainEqual({ key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] });
        expect(inputsOf(find(run, T.nodeClass, "pool-gpu-nodeclass")).spec.amiSelectorTerms).toEqual([{ alias: "bottlerocket@latest" }]);
        expect(byType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((r) => r.name).sort()).toEqual(["eks-admin-deployer", "eks-admin-platform-admin"]);
    });

    it("the general pool is spot first with on-demand fallback, consolidated when empty or underutilized", () => {
        const spec = inputsOf(find(runs.defaults.run, T.nodePool, "pool-general-nodepool")).spec;
        expect(spec.template.spec.requirements).toContainEqual({ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] });
        expect(spec.disruption).toMatchObject({ consolidationPolicy: "WhenEmptyOrUnderutilized" });
        expect(spec.limits).toEqual({ cpu: "200", memory: "800Gi" });
    });
});

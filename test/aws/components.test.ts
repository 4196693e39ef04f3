import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";

/** Bad component args fail in the constructor, before the component itself is registered. */
describe("component args are validated before anything is registered", () => {
    const errors: Record<string, string[]> = {};
    let run: ProgramRun;
    const context = { accountId: "123456789012", partition: "aws", region: "eu-west-1" };

    beforeAll(async () => {
        run = await runProgram({
            stack: "args",
            config: { "aws:region": "eu-west-1" },
            program: async () => {
                const aws = await import("../../components/aws");
                const attempt = (label: string, make: () => unknown) => {
                    try {
                        make();
                        errors[label] = [];
                    } catch (err) {
                        errors[label] = ConfigError.is(err) ? [...err.problems] : [`not a ConfigError: ${String(err)}`];
                    }
                };
                attempt("network-az", () => new aws.Network("net", { context, azCount: 1, discoveryTag: "c", logKmsKeyArn: "arn:k" }));
                attempt("network-cidr", () => new aws.Network("net2", { context, cidr: "10.0.0.0/24", azCount: 3, discoveryTag: "c", logKmsKeyArn: "arn:k" }));
                attempt("irsa-wildcard", () =>
                    new aws.IrsaServiceAccount("irsa", { oidcProviderArn: "arn:p", issuerUrl: "https://i", namespace: "*", serviceAccountName: "sa", createServiceAccount: false, permissions: { kind: "aws-iam" } }),
                );
                attempt("irsa-no-provider", () =>
                    new aws.IrsaServiceAccount("irsa2", { oidcProviderArn: "arn:p", issuerUrl: "https://i", namespace: "ns", serviceAccountName: "sa", permissions: { kind: "aws-iam" } }),
                );
                attempt("irsa-azure-permissions", () =>
                    new aws.IrsaServiceAccount("irsa3", { oidcProviderArn: "arn:p", issuerUrl: "https://i", namespace: "ns", serviceAccountName: "sa", createServiceAccount: false, permissions: { kind: "azure-rbac", roleAssignments: [] } }),
                );
                attempt("postgres-snapshot-prefix", () =>
                    new aws.PostgresDatabase("db", { context, identifier: "db", vpcId: "vpc-1", subnetIds: ["s1", "s2"], clientSecurityGroups: { nodes: "sg-1" }, storageKmsKeyArn: "k", secretKmsKeyArn: "k", logKmsKeyArn: "k", finalSnapshotPrefix: "db_final" }),
                );
                attempt("endpoints-s3", () => new aws.VpcEndpoints("ep", { vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", region: "eu-west-1", accountId: "111122223333", partition: "aws", subnetIds: ["s"], routeTableIds: ["r"], services: ["s3"] }));
                attempt("endpoints-ecr-no-registry", () =>
                    new aws.VpcEndpoints("ep2", { vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", region: "eu-west-1", accountId: "111122223333", partition: "aws", subnetIds: ["s"], routeTableIds: ["r"], services: ["ecr.dkr"] }),
                );
            },
        });
    }, 30_000);

    it("names the component, the arg, the rule and the value", () => {
        expect(errors).toEqual({
            "network-az": [`splitplane:aws:Network "net": azCount must be between 2 and 6 (got 1)`],
            "network-cidr": [`splitplane:aws:Network "net2": cidr 10.0.0.0/24: the VPC must be between /16 and /22 for 3 AZs (private subnets must stay /24 or larger) (got /24)`],
            "irsa-wildcard": [`splitplane:aws:IrsaServiceAccount "irsa": namespace must be a Kubernetes name (lowercase letters, digits, dashes) (got "*")`],
            "irsa-no-provider": [`splitplane:aws:IrsaServiceAccount "irsa2": provider must be set when createServiceAccount is true (got nothing)`],
            "irsa-azure-permissions": [`splitplane:aws:IrsaServiceAccount "irsa3": permissions must be aws-iam permissions on an AWS compute plane (got "azure-rbac")`],
            "postgres-snapshot-prefix": [
                `splitplane:aws:PostgresDatabase "db": finalSnapshotPrefix must start with a letter and hold only letters, digits and single hyphens, not ending in one (got "db_final")`,
            ],
            "endpoints-s3": [`splitplane:aws:VpcEndpoints "ep": services[0] must not be s3 (always added as a gateway endpoint) (got "s3")`],
            "endpoints-ecr-no-registry": [`splitplane:aws:VpcEndpoints "ep2": ecrPullAccounts must name the region's EKS add-on registry account when an ecr.* endpoint is made (got [])`],
        });
    });

    it("registers nothing", () => {
        expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });
});

describe("IrsaServiceAccount: the ServiceAccount it creates waits for what the caller named", () => {
    it("a dependsOn on the component reaches the ServiceAccount (a component's own dependsOn does not hold back its children)", async () => {
        const { byType, dependsOn } = await import("../../engine/testing");
        const run = await runProgram({
            stack: "irsa-deps",
            config: { "aws:region": "eu-west-1" },
            program: async () => {
                const k8s = await import("@pulumi/kubernetes");
                const aws = await import("../../components/aws");
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "team" } }, { provider });
                new aws.IrsaServiceAccount("reader", { oidcProviderArn: "arn:p", issuerUrl: "https://i", namespace: "team", serviceAccountName: "reader", provider, permissions: { kind: "aws-iam" } }, { dependsOn: [ns] });
            },
        });
        const sa = byType(run, "kubernetes:core/v1:ServiceAccount").find((r) => r.name === "reader-sa");
        const ns = byType(run, "kubernetes:core/v1:Namespace").find((r) => r.name === "ns");
        expect(sa && ns && dependsOn(run, sa, ns)).toBe(true);
    });
});

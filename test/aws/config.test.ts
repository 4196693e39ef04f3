import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEnvironmentDefaults } from "../../config/defaults";
import { ConfigError } from "../../config/errors";
import { loadStackFile } from "../../config/load";
import { loosenedDefaults } from "../../config/loosening";
import { parseCloudStackConfig, parseStackConfig } from "../../config/parse";
import { configProblems } from "../config-problems";
import { awsConfigProblems, dbIdentifierFor, snapshotPrefixFor } from "../../stacks/aws/validate";

const FILE = "stacks/Pulumi.t.yaml";
const base = { "splitplane:cloud": "aws", "splitplane:environment": "dev" };
const ROOT = path.resolve(__dirname, "../..");

function problems(extra: Record<string, unknown>): string[] {
    const flat: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(extra)) flat[`splitplane:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    return configProblems(flat, FILE);
}

describe("the VPC CIDR rule, stated once (vpcPrefixRange): /16 to /22 for 2-3 AZs, /16 to /21 for 4-6", () => {
    const rule = (max: number, az: number) => `must be between /16 and /${max} for ${az} AZs (private subnets must stay /24 or larger)`;
    it.each([
        ["10.40.0.0/15", 3, 22],
        ["10.40.0.0/23", 2, 22],
        ["10.40.0.0/23", 3, 22],
        ["10.40.0.0/22", 4, 21],
        ["10.40.0.0/22", 6, 21],
    ] as const)("refuses %s with %i AZs, naming the key, the rule and the value", (cidr, azCount, max) => {
        expect(problems({ network: { cidr, azCount } })).toEqual([`${FILE}: splitplane:network.cidr ${rule(max, azCount)} (got "${cidr}")`]);
    });
    it.each([
        ["10.40.0.0/16", 6],
        ["10.40.0.0/22", 2],
        ["10.40.0.0/22", 3],
        ["10.40.0.0/21", 4],
    ] as const)("accepts %s with %i AZs", (cidr, azCount) => {
        expect(problems({ network: { cidr, azCount } })).toEqual([]);
    });
    it("docs/config.md states the same rule", async () => {
        const { readFileSync } = await import("node:fs");
        const doc = readFileSync(path.join(ROOT, "docs/config.md"), "utf8");
        expect(doc).toContain("/16 to /22 for 2 or 3 AZs, /16 to /21 for 4 to 6");
        expect(doc).not.toMatch(/\/16 to \/24/);
    });
});

describe("AWS config sections", () => {
    it("reject cross-field mistakes with a line naming the key, the rule and the value", () => {
        expect(problems({ cluster: { systemNodes: { min: 5, max: 3 } } })).toEqual([`${FILE}: splitplane:cluster.systemNodes.min must not exceed systemNodes.max (3) (got 5)`]);
        expect(problems({ ingress: { internetFacing: true } })).toEqual([
            `${FILE}: splitplane:ingress.allowedCidrs must be set when ingress.internetFacing is true (name the clients, or 0.0.0.0/0 on purpose) (got nothing)`,
            `${FILE}: splitplane:ingress.certificateArn must be set when ingress.internetFacing is true (no plain-HTTP public endpoint) (got nothing)`,
        ]);
        expect(problems({ cluster: { publicEndpointCidrs: ["0.0.0.0/0"] } })).toEqual([`${FILE}: splitplane:cluster.publicEndpointCidrs[0] must not be a /0 (the whole internet) (got "0.0.0.0/0")`]);
        expect(problems({ database: { engineVersion: "14.9" } })).toEqual([`${FILE}: splitplane:database.engineVersion must be PostgreSQL 15 or newer (pgvector) (got "14.9")`]);
        expect(problems({ database: { engineVersion: "17.x" } })).toEqual([
            `${FILE}: splitplane:database.engineVersion must be a PostgreSQL major version such as 17 (or major.minor such as 17.6 to pin a minor) (got "17.x")`,
        ]);
        expect(problems({ database: { engineVersion: "17.6" } })).toEqual([]);
        expect(problems({ network: { vpcEndpoints: ["sts", "sts"] } })).toEqual([`${FILE}: splitplane:network.vpcEndpoints must not list a service twice (got ["sts","sts"])`]);
        expect(problems({ charts: { karpenter: "1.14" } })).toEqual([`${FILE}: splitplane:charts.karpenter must be an exact chart version such as 1.14.1 (got "1.14")`]);
        expect(problems({ nodePools: { gpu: { terminationGracePeriod: "2d" } } })).toEqual([
            `${FILE}: splitplane:nodePools.gpu.terminationGracePeriod must be a duration such as 1h, 30m or 1h30m (got "2d")`,
        ]);
        // The platform's values are checked against Istio 1.30 and ESO 2.x: other lines are refused by name.
        expect(problems({ charts: { istio: "1.29.2", externalSecrets: "0.20.4" } })).toEqual([
            `${FILE}: splitplane:charts.istio must be an Istio 1.30.x version (the values are checked against 1.30) (got "1.29.2")`,
            `${FILE}: splitplane:charts.externalSecrets must be an external-secrets 2.x version (external-secrets.io/v1) (got "0.20.4")`,
        ]);
        expect(problems({ nodePools: { amiAlias: "al2@latest" } })).toEqual([
            `${FILE}: splitplane:nodePools.amiAlias must be al2023@<version> or bottlerocket@<version>, e.g. al2023@latest (got "al2@latest")`,
        ]);
    });

    it("fill documented defaults, including pinned chart versions and the endpoint list", () => {
        const cfg = parseCloudStackConfig("aws", base, FILE);
        expect(cfg.charts).toEqual({ karpenter: "1.14.1", awsLoadBalancerController: "3.5.0", nvidiaDevicePlugin: "0.20.0", truefoundry: "0.168.2", tfyAgent: "0.2.100", tfyLlmGateway: "0.168.0", argoCd: "10.1.1", argoRollouts: "2.41.0", keda: "2.20.2", elasti: "0.1.21", kubePrometheusStack: "88.5.3", metricsServer: "3.13.1", opentelemetryCollector: "0.170.0", istio: "1.30.3", externalSecrets: "2.9.0" });
        // A major version only: RDS keeps minors current without the stack drifting (see database.ts).
        expect(cfg.database.engineVersion).toBe("17");
        // Pod Identity's credential exchange (eks-auth), Karpenter's queue (sqs) and DescribeCluster (eks),
        // and Session Manager (ssmmessages, ec2messages) stay in the VPC, not only through NAT.
        expect(cfg.network.vpcEndpoints).toEqual([
            "ecr.api", "ecr.dkr", "sts", "eks-auth", "eks", "ec2", "sqs", "logs", "secretsmanager", "kms", "elasticloadbalancing", "ssm", "ssmmessages", "ec2messages", "bedrock-runtime",
        ]);
        expect(cfg.nodePools.general.capacityTypes).toEqual(["spot", "on-demand"]);
        expect(cfg.ingress.backend).toEqual({ namespace: "istio-ingress", name: "istio-ingressgateway", port: 80, healthCheckPath: "/healthz/ready", healthCheckPort: 15021 });
    });
});

describe("resolveEnvironmentDefaults", () => {
    const resolve = (environment: string, phase: number, extra: Record<string, string> = {}) =>
        resolveEnvironmentDefaults(parseCloudStackConfig("aws", { ...base, "splitplane:environment": environment, "splitplane:phase": String(phase), ...extra }, FILE));

    it.each([
        ["dev", 1, "Single", false, false, true, false, false],
        ["staging", 2, "OnePerAz", false, false, false, true, false],
        ["prod", 1, "OnePerAz", true, true, false, false, true],
        ["staging", 3, "OnePerAz", true, true, false, true, true],
    ] as const)("%s at phase %i: NAT %s, multiAz %s, deletion protection %s, skip snapshot %s, GPU %s, protect %s", (env, phase, nat, multiAz, dp, skip, gpu, protect) => {
        const r = resolve(env, phase);
        expect(r.network.natStrategy).toBe(nat);
        expect(r.database).toMatchObject({ multiAz, deletionProtection: dp, skipFinalSnapshot: skip });
        expect(r.nodePools.gpu.enabled).toBe(gpu);
        expect(r.protectStateful).toBe(protect);
    });

    it("an explicit value wins, except that phase 3 never loosens deletion protection", () => {
        expect(resolve("prod", 1, { "splitplane:network": JSON.stringify({ natStrategy: "Single" }) }).network.natStrategy).toBe("Single");
        expect(resolve("dev", 3, { "splitplane:nodePools": JSON.stringify({ gpu: { enabled: false } }) }).nodePools.gpu.enabled).toBe(false);
        expect(resolve("prod", 3, { "splitplane:database": JSON.stringify({ deletionProtection: false }) }).database.deletionProtection).toBe(true);
        // Multi-AZ is hardening's default, not forced: a staging stack may keep one AZ at phase 3.
        expect(resolve("staging", 3, { "splitplane:database": JSON.stringify({ multiAz: false }) }).database.multiAz).toBe(false);
    });
});

describe("awsConfigProblems", () => {
    const cfg = (extra: Record<string, string>) => resolveEnvironmentDefaults(parseCloudStackConfig("aws", { ...base, "splitplane:phase": "1", ...extra }, FILE));
    it("names admins that are not role ARNs and certificates from another region", () => {
        const c = cfg({
            "splitplane:cluster": JSON.stringify({ admins: ["arn:aws:iam::111122223333:user/alice"] }),
            "splitplane:ingress": JSON.stringify({ certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc" }),
        });
        expect(awsConfigProblems(c, FILE, "t", "eu-west-1")).toEqual([
            `${FILE}: splitplane:cluster.admins[0] must be an IAM role ARN such as arn:aws:iam::111122223333:role/platform-admin (got "arn:aws:iam::111122223333:user/alice")`,
            `${FILE}: splitplane:ingress.certificateArn must be in aws:region eu-west-1, where the load balancer is (got a certificate in us-east-1)`,
        ]);
        expect(awsConfigProblems(c, FILE, "t", "europe")).toContain(`${FILE}: aws:region must be an AWS region such as eu-west-1 (got "europe")`);
    });

    it("refuses nodePools.amiAlias @latest in prod (every AMI release would replace every node), naming the key", () => {
        const admins = JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/a"] });
        const prod = (amiAlias: string) =>
            resolveEnvironmentDefaults(parseCloudStackConfig("aws", { ...base, "splitplane:environment": "prod", "splitplane:phase": "1", "splitplane:cluster": admins, "splitplane:nodePools": JSON.stringify({ amiAlias }) }, FILE));
        expect(awsConfigProblems(prod("bottlerocket@latest"), FILE, "t", "eu-west-1")).toEqual([
            `${FILE}: splitplane:nodePools.amiAlias must pin an AMI version in prod, such as bottlerocket@v20260512 (got "bottlerocket@latest"): with @latest every AMI release replaces every node, GPU nodes included`,
        ]);
        expect(awsConfigProblems(prod("al2023@v20260512"), FILE, "t", "eu-west-1")).toEqual([]);
        // Outside prod, @latest (the default) stays allowed.
        expect(awsConfigProblems(cfg({ "splitplane:cluster": admins }), FILE, "t", "eu-west-1")).toEqual([]);
    });

    it("a region whose EKS add-on registry is not known needs network.ecrRegistryAccounts (the ecr.* endpoint policies admit it)", () => {
        const admins = JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/a"] });
        expect(awsConfigProblems(cfg({ "splitplane:cluster": admins }), FILE, "t", "il-central-1")).toEqual([
            `${FILE}: splitplane:network.ecrRegistryAccounts must name the account of the EKS add-on registry in il-central-1, which the ecr.* endpoint policies must admit (see https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html) (got [])`,
        ]);
        expect(awsConfigProblems(cfg({ "splitplane:cluster": admins, "splitplane:network": JSON.stringify({ ecrRegistryAccounts: ["066635153087"] }) }), FILE, "t", "il-central-1")).toEqual([]);
        expect(awsConfigProblems(cfg({ "splitplane:cluster": admins }), FILE, "t", "ap-southeast-3")).toEqual([]);
    });

    it("names a stack name too long for the database identifier", () => {
        const c = cfg({ "splitplane:cluster": JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/a"] }) });
        expect(awsConfigProblems(c, FILE, "s".repeat(52), "eu-west-1")).toEqual([]);
        expect(awsConfigProblems(c, FILE, "s".repeat(53), "eu-west-1")).toEqual([
            `${FILE}: the stack name must be at most 52 characters, so that the database identifier splitplane-sssssssss... fits in 63 (got 53)`,
        ]);
    });

    it("names a VPC CIDR that is not a network address", () => {
        const c = cfg({ "splitplane:network": JSON.stringify({ cidr: "10.40.1.0/16" }), "splitplane:cluster": JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/a"] }) });
        expect(awsConfigProblems(c, FILE, "t", "eu-west-1")).toEqual([`${FILE}: splitplane:network.cidr does not fit: 10.40.1.0/16 is not a network address; did you mean 10.40.0.0/16?`]);
    });
});

describe("example stacks", () => {
    // aws-phase2 connects to TrueFoundry's hosted control plane and trusts its role to read the provider keys: the one loosening an example shows.
    const LOOSENED: Record<string, RegExp[]> = { "aws-phase2": [/^splitplane:providerCredentials\.hostedPrincipal: arn:aws:iam::416964291864:role\/tfy-ctl-euwe1-production-truefoundry-deps, .* with no external id/] };
    it.each(["aws-phase0", "aws-phase1", "aws-phase2", "aws-phase3-staging", "aws-phase3-prod"])("%s loads clean, loosens only what it names and passes the AWS checks", (stack) => {
        const loaded = loadStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), ROOT);
        expect(loaded.secretKeys).toEqual([]);
        const loosened = loosenedDefaults(loaded.splitplane);
        const expected = LOOSENED[stack] ?? [];
        expect(loosened).toHaveLength(expected.length);
        expected.forEach((re, i) => expect(loosened[i]).toMatch(re));
        expect(loaded.splitplane.cloud).toBe("aws");
        if (loaded.splitplane.cloud !== "aws") return;
        expect(awsConfigProblems(resolveEnvironmentDefaults(loaded.splitplane), loaded.file, stack, loaded.values["aws:region"])).toEqual([]);
    });
});

describe("PostgreSQL engine version and minor upgrades", () => {
    it("automatic minor upgrades only for a major version; a pinned minor is the operator's to bump", async () => {
        const { autoMinorVersionUpgrade, parameterFamily } = await import("../../components/aws/database");
        expect([autoMinorVersionUpgrade("17"), autoMinorVersionUpgrade("17.6"), autoMinorVersionUpgrade("16.10")]).toEqual([true, false, false]);
        expect([parameterFamily("17"), parameterFamily("17.6")]).toEqual(["postgres17", "postgres17"]);
    });
});

describe("final snapshot prefix", () => {
    it("keeps only what RDS allows in a snapshot identifier (letters, digits, single hyphens)", () => {
        expect(snapshotPrefixFor("splitplane-aws-prod")).toBe("splitplane-aws-prod-final");
        expect(snapshotPrefixFor("splitplane-aws_dev--x")).toBe("splitplane-aws-dev-x-final");
    });
    it("the database identifier is the cluster name in RDS's characters", () => {
        expect(dbIdentifierFor("splitplane-aws_dev.x")).toBe("splitplane-aws-dev-x");
    });
});

import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkProgram, CheckResult } from "../../cli/check-lib";
import { allPolicies, packConfigFor } from "../../policies/policies";
import { runCli } from "../cli/spawn";

/**
 * The "done when": for every mandatory check (themes I and C, and the hardening checks
 * that are mandatory because the default is plaintext), a program with that one defect
 * yields a mandatory violation on the offending resource and exit code 1; hardened programs
 * using the same resource types yield none and exit code 0. In-process through the CLI's own
 * function (`checkProgram`); a few through the real `npm run check -- <file> --json`.
 */

const root = path.resolve(__dirname, "../..");
const dir = "test/fixtures/policy-programs";
const policySet = { policies: allPolicies, configFor: packConfigFor };

/** Fixture file → the one policy it must break, and the resource (logical name) that breaks it. */
const DEFECTS: Record<string, { policy: string; resource: string | string[]; config?: string }> = {
    "i01-sg-inline-ingress-open": { policy: "aws-sg-no-internet-ingress", resource: "web" },
    "i02-sg-rule-ingress-open": { policy: "aws-sg-no-internet-ingress", resource: "https-from-anywhere" },
    "i03-vpc-ingress-rule-open": { policy: "aws-sg-no-internet-ingress", resource: "ssh-from-anywhere" },
    "i04-default-sg-rules": { policy: "aws-default-sg-no-rules", resource: "default" },
    "i05-nacl-ssh-open": { policy: "aws-nacl-no-internet-admin-ingress", resource: "ssh-in" },
    "i06-subnet-public-ip": { policy: "aws-no-public-ip-on-launch", resource: "nodes" },
    "i07-eks-public-endpoint": { policy: "aws-eks-private-endpoint", resource: "plane" },
    "i08-nodegroup-ssh-open": { policy: "aws-eks-nodegroup-remote-access", resource: "system" },
    "i09-rds-public": { policy: "aws-db-not-publicly-accessible", resource: "metadata" },
    "i10-alb-internet-facing": { policy: "aws-lb-internal-only", resource: "ingress" },
    "i10b-ingress-internet-facing": { policy: "k8s-ingress-internal-only", resource: "api" },
    "i11-s3-public-access-block": { policy: "aws-s3-no-public-access", resource: "artifacts" },
    "c12-provider-static-keys": { policy: "provider-aws-no-static-credentials", resource: "static" },
    "c12b-default-provider-keys": { policy: "provider-aws-no-static-credentials", resource: "default_7_48_0", config: "Pulumi.c12b-default-provider-keys.yaml" },
    "c13-iam-access-key": { policy: "aws-iam-no-user-credentials", resource: "ci" },
    "c14-rds-master-password": { policy: "aws-db-managed-master-password", resource: "metadata" },
    "c15-lambda-env-secret": { policy: "aws-lambda-no-literal-secrets", resource: "rotate" },
    "c16-userdata-key": { policy: "aws-ec2-userdata-no-key-material", resource: "bastion" },
    "c17-ecs-env-secret": { policy: "aws-ecs-secrets-not-in-environment", resource: "worker" },
    "i22-nsg-open": { policy: "azure-nsg-no-internet-inbound", resource: "nodes" },
    "i23-nic-public-ip": { policy: "azure-no-public-ip-on-nic", resource: "worker" },
    "i24-postgres-firewall-open": { policy: "azure-db-firewall-no-internet", resource: "everyone" },
    "i25-postgres-public-network": { policy: "azure-db-no-public-network", resource: "metadata" },
    "i26-storage-public": { policy: "azure-storage-no-public-access", resource: "artifacts" },
    "i27-aks-public-api": { policy: "azure-aks-private-api", resource: "plane" },
    "i28-keyvault-public": { policy: "azure-keyvault-no-public-access", resource: "secrets" },
    "c29-storage-shared-key": { policy: "azure-storage-no-shared-key", resource: "artifacts" },
    "c30-aks-local-accounts": { policy: "azure-aks-no-local-accounts", resource: "plane" },
    "c31-ad-app-password": { policy: "azure-ad-no-app-passwords", resource: "ci" },
    "c32-azure-provider-secret": { policy: "provider-azure-no-client-secret", resource: "sp" },
    "c33-postgres-password": { policy: "azure-postgres-entra-only", resource: "metadata" },
    "c34-acr-admin": { policy: "azure-no-local-auth", resource: "images" },
    "i36-service-public-lb": { policy: "k8s-service-no-public-load-balancer", resource: "gateway" },
    "i36b-helm-release-public-lb": { policy: "k8s-helm-values-no-public-load-balancer", resource: "gateway" },
    "i36c-helm-release-lb-type": { policy: "k8s-helm-values-no-public-load-balancer", resource: "ingress-gateway" },
    "i-fn-url-in-component": { policy: "aws-no-public-service-endpoints", resource: "github-url" },
    "i-opensearch-loop": { policy: "aws-no-public-service-endpoints", resource: ["logs-acme", "logs-globex"] },
    "i-azure-openai-public": { policy: "azure-no-public-service-endpoints", resource: "overflow" },
    "i-gateway-api-public": { policy: "k8s-gateway-internal-only", resource: "public-gw" },
    "h-efs-loop": { policy: "aws-storage-encrypted", resource: ["models-research", "models-serving"] },
    "h-elasticache-plaintext": { policy: "aws-data-services-tls", resource: "gateway-redis" },
    "h-rds-force-ssl-off": { policy: "aws-rds-encryption-tls", resource: "metadata" },
    "h-postgres-tls-off": { policy: "azure-db-tls-required", resource: "metadata-require-secure-transport" },
    "i37-service-node-port": { policy: "k8s-service-no-node-port", resource: "debug" },
    "i38-service-external-ips": { policy: "k8s-service-no-external-ips", resource: "legacy" },
    "i39-pod-host-network": { policy: "k8s-pod-no-host-network", resource: "exporter" },
    "c40-configmap-credential": { policy: "k8s-no-literal-credentials", resource: "gateway-settings" },
    "c41-pod-env-literal": { policy: "k8s-pod-no-literal-credential-env", resource: "api" },
    "c42-helm-release-values": { policy: "k8s-helm-values-no-literal-credentials", resource: "cache" },
    "c42b-helm-chart-v4-values": { policy: "k8s-helm-values-no-literal-credentials", resource: "gateway" },
    "c43-k8s-provider-token": { policy: "provider-kubernetes-no-static-kubeconfig", resource: "plane" },
    "cw1-irsa-wildcard-subject": { policy: "aws-iam-web-identity-exact-subjects", resource: "apps" },
    "cw2-federated-credential-wildcard-subject": { policy: "azure-federated-credential-exact-subject", resource: "apps" },
    "cs1-ad-app-credential-wildcard-subject": { policy: "stack-federated-identity-exact-subjects", resource: "apps" },
    "cs2-eks-no-oidc-provider": { policy: "stack-cluster-oidc-issuer", resource: "plane" },
    "cs3-secret-data": { policy: "stack-no-k8s-secret-data", resource: "registry" },
    "cv1-ssm-document-key": { policy: "any-resource-no-credentials-by-value", resource: "bootstrap" },
    "cg1-mq-broker-user-password": { policy: "stack-no-literal-credential-inputs", resource: "events" },
    "cg2-azure-sql-managed-instance-password": { policy: "stack-no-literal-credential-inputs", resource: "catalog" },
    "cg3-helm-repository-password": { policy: "stack-no-literal-credential-inputs", resource: "addons" },
};
const HARDENED = ["hardened-aws", "hardened-azure", "hardened-k8s", "hardened-aws-pod-identity"];

const check = (name: string, config?: string) =>
    checkProgram({ programPath: path.join(root, dir, `${name}.ts`), configPath: config ? path.join(root, dir, config) : undefined, policySet, projectRoot: root });

describe("one-defect programs", () => {
    const results = new Map<string, CheckResult>();
    beforeAll(async () => {
        for (const [name, d] of Object.entries(DEFECTS)) results.set(name, await check(name, d.config));
    });

    it.each(Object.entries(DEFECTS))("%s breaks exactly %j, on that resource, with exit code 1", (name, d) => {
        const r = results.get(name)!;
        expect(r.exitCode).toBe(1);
        const mandatory = r.violations.filter((v) => v.enforcementLevel === "mandatory");
        expect([...new Set(mandatory.map((v) => v.policy))]).toEqual([d.policy]);
        const names = mandatory.map((v) => v.urn.slice(v.urn.lastIndexOf("::") + 2));
        expect([...new Set(names)].sort()).toEqual([d.resource].flat().sort());
    });

    it("covers every mandatory policy (themes I and C, and hardening that is mandatory) with at least one defect program", () => {
        const exercised = new Set(Object.values(DEFECTS).map((d) => d.policy));
        const expected = allPolicies.filter((p) => p.enforcementLevel === "mandatory" && p.name !== "stack-prod-stateful-protected").map((p) => p.name);
        expect(expected.filter((n) => !exercised.has(n))).toEqual([]);
    });
});

describe("hardened programs", () => {
    const results = new Map<string, CheckResult>();
    beforeAll(async () => {
        for (const name of HARDENED) results.set(name, await check(name));
    });

    it.each(HARDENED)("%s has no violation at any level, and exit code 0", (name) => {
        const r = results.get(name)!;
        expect(r.violations).toEqual([]);
        expect(r.exitCode).toBe(0);
        expect(r.resources.length).toBeGreaterThan(5);
    });

    it("judges an unconfigured program as not prod and its Pod Identity cluster as needing no OIDC provider", () => {
        const r = results.get("hardened-aws-pod-identity")!;
        const stack = (policy: string) => r.results.filter((x) => x.policy === policy && x.urn === undefined).map((x) => [x.outcome, x.message]);
        expect(stack("stack-prod-stateful-protected")).toEqual([["not-applicable", expect.stringMatching(/^not known to be a prod stack/)]]);
        expect(stack("stack-cluster-oidc-issuer")).toEqual([["pass", undefined]]);
    });
});

/** The real CLI, as a user runs it. */
const cli = (args: string[]) => runCli("cli/check.ts", args);

describe("npm run check -- <file> --json", () => {
    let runs: Array<{ code: number | null; stdout: string; stderr: string }>;
    beforeAll(async () => {
        runs = await Promise.all([
            // Transpile-only: these judge the policies; test/cli/verdict.test.ts covers the type-check.
            cli([`${dir}/i01-sg-inline-ingress-open.ts`, "--json", "--transpile-only"]),
            cli([`${dir}/c12b-default-provider-keys.ts`, "--config", `${dir}/Pulumi.c12b-default-provider-keys.yaml`, "--json", "--transpile-only"]),
            cli([`${dir}/hardened-k8s.ts`, "--json", "--transpile-only"]),
        ]);
    }, 60_000);

    it("exits 1 with the mandatory violation on the offending resource", () => {
        const [open, keys] = runs;
        expect(open.code).toBe(1);
        const out = JSON.parse(open.stdout) as { violations: Array<{ policy: string; enforcementLevel: string; urn: string }> };
        expect(out.violations).toEqual([expect.objectContaining({ policy: "aws-sg-no-internet-ingress", enforcementLevel: "mandatory", urn: expect.stringMatching(/::web$/) })]);
        expect(keys.code).toBe(1);
        expect(JSON.parse(keys.stdout).violations.map((v: { policy: string }) => v.policy)).toEqual(["provider-aws-no-static-credentials"]);
    });

    it("exits 0 for a hardened program", () => {
        const hardened = runs[2];
        expect(hardened.stderr).toBe("");
        expect(hardened.code).toBe(0);
        expect(JSON.parse(hardened.stdout).violations).toEqual([]);
    });
});

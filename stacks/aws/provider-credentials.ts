import * as pulumi from "@pulumi/pulumi";
import { AwsContext, ProviderCredentialsRole, Tags, assumeProviderCredentialsPolicy, providerCredentialsRoleArn, providerCredentialsRoleName } from "../../components/aws";
import { AwsStackConfig } from "../../config/schema";
import { ResolvedProviderCredentials, resolveProviderCredentials } from "../../config/provider-credentials";
import { type CompiledManifest, compileSecretsManagerAccount, secretStoreIntegrationFqn } from "../../gateway";

/**
 * Provider credentials synced from the store, on the AWS stack that hosts the control plane or
 * connects to one by URL (phase 1): what to build, worked out from plain values so that the
 * manifest's role ARN is the role's before the role exists (`plan`), and the role itself (`build`).
 */
export interface ProviderCredentialsPlan {
    readonly resolved: ResolvedProviderCredentials;
    readonly roleName: string;
    readonly roleArn: string;
    readonly integrationFqn: string;
    /** `provider-account/aws` with its secrets-manager integration, compiled like the gateway config. */
    readonly manifest: CompiledManifest;
}

/** The plan, or undefined where the stack builds no provider credentials (below phase 1, shared by reference, off). */
export function providerCredentialsPlan(
    cfg: AwsStackConfig,
    a: { stack: string; file: string; clusterName: string; secretNamePrefix: string; account?: { accountId: string; partition: string }; region: string },
): ProviderCredentialsPlan | undefined {
    const resolved = resolveProviderCredentials(cfg, { stack: a.stack, secretNamePrefix: a.secretNamePrefix });
    const tenant = cfg.controlPlane?.tenantName;
    if (!resolved || !tenant) return undefined;
    if (!a.account) throw new Error("providerCredentialsPlan: the account id and partition were not read before the split plane was installed");
    const roleName = providerCredentialsRoleName(a.clusterName);
    const roleArn = providerCredentialsRoleArn(a.account.partition, a.account.accountId, roleName);
    const manifest = compileSecretsManagerAccount(
        { accountName: resolved.accountName, integrationName: resolved.integrationName, accountId: a.account.accountId, region: a.region, roleArn, authorizedSubjects: resolved.authorizedSubjects },
        `${a.file} (splitplane:providerCredentials)`,
    );
    return { resolved, roleName, roleArn, integrationFqn: secretStoreIntegrationFqn(tenant, resolved.accountName, resolved.integrationName), manifest };
}

/** The control plane's own grant to assume the role (self-hosted only), as `ControlPlaneHost.identityPolicies`. */
export function controlPlaneAssumeGrant(plan: ProviderCredentialsPlan | undefined): Record<string, string> | undefined {
    if (!plan || plan.resolved.trust.kind !== "control-plane-identity") return undefined;
    return { "assume-llm-providers": JSON.stringify(assumeProviderCredentialsPolicy(plan.roleArn)) };
}

/**
 * The role, trusted by the self-hosted control plane's IRSA role (`controlPlaneIdentity`) or the
 * hosted control plane's role, reading only `<prefix><path>/`. Returns the stack output.
 */
export function buildProviderCredentials(
    plan: ProviderCredentialsPlan,
    a: { context: AwsContext; kmsKeyArn: pulumi.Input<string>; controlPlaneIdentity?: pulumi.Output<string>; tags: Tags },
): Record<string, pulumi.Input<unknown>> {
    const trust = plan.resolved.trust;
    const principal = trust.kind === "hosted" ? trust.principal : a.controlPlaneIdentity;
    if (!principal) throw new Error("buildProviderCredentials: the self-hosted control plane's identity is missing (its chart was not installed here)");
    // Never rename "llm-provider-credentials": it is the role's identity in existing stacks.
    const role = new ProviderCredentialsRole("llm-provider-credentials", {
        context: a.context,
        roleName: plan.roleName,
        trustedPrincipal: principal,
        secretPrefix: plan.resolved.secretPrefix,
        kmsKeyArn: a.kmsKeyArn,
        tags: a.tags,
    });
    return {
        roleArn: role.roleArn,
        secretPrefix: plan.resolved.secretPrefix,
        integrationFqn: plan.integrationFqn,
        manifestFile: plan.manifest.file,
        trustedPrincipal: principal,
    };
}

import { z } from "zod";
import type { AwsStackConfig } from "./schema";

/**
 * Provider credentials synced from the store (phase 1, AWS): the LLM providers' keys live in this
 * environment's Secrets Manager under `<secret prefix><path>/`, and the control plane reads them
 * through a `provider-account/aws` secrets-manager integration whose IAM role only it may assume.
 * Every default is here; `resolveProviderCredentials` decides the ones that depend on the phase
 * and the control plane's mode.
 *
 * AWS only: on Azure the key does not exist (parse reports it as an AWS key). TrueFoundry's Key
 * Vault integration (`integration/secret-store/azure/vault`) authenticates with `AzureOAuth` only,
 * a client secret, which splitplane never puts in code, config or state (docs/phases.md).
 */

/**
 * TrueFoundry's hosted control plane's role, as TrueFoundry documents it for roles its control plane
 * assumes ("aws-control-plane": "If you are using TrueFoundry's control plane the role will be assumed
 * by arn:aws:iam::416964291864:role/tfy-ctl-euwe1-production-truefoundry-deps"). Only named in
 * messages and docs: trusting it is the user's explicit choice (`hostedPrincipal`).
 */
export const TRUEFOUNDRY_HOSTED_PRINCIPAL = "arn:aws:iam::416964291864:role/tfy-ctl-euwe1-production-truefoundry-deps";

const iamRoleArn = z.string().regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role(\/[\w+=,.@-]+)+$/, { error: "must be an IAM role ARN such as arn:aws:iam::123456789012:role/name" });
/** TrueFoundry's name rule for provider accounts and integrations. */
const tfyName = z.string().regex(/^[a-z][a-z0-9-]{1,34}[a-z0-9]$/, { error: "must be lower-case letters, digits and '-', 3-36 characters, starting with a letter" });

export const providerCredentialsConfigSchema = z.strictObject({
    /**
     * Make the role and the integration. @default true from phase 1 when this stack hosts the
     * control plane, or connects to one by URL and names `hostedPrincipal`; false below phase 1 and
     * with `controlPlane.stackReference` (the hosting stack holds the integration)
     */
    enabled: z.boolean().optional(),
    /** Folder under the stack's secret prefix (`splitplane/<stack>/`) that holds the provider keys. @default "llm-providers" */
    path: z
        .string()
        .regex(/^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*$/, { error: "must be a folder name such as llm-providers (letters, digits, _+=.@-, '/' between parts, no leading or trailing '/')" })
        .default("llm-providers"),
    /** The provider account's name in the tenant (`provider-account/aws`). @default "<stack>-secrets" (made a valid name) */
    accountName: tfyName.optional(),
    /** The secrets-manager integration's name in that account. @default "llm-providers" */
    integrationName: tfyName.default("llm-providers"),
    /** Subjects that may use the integration (`user:<email>`, `team:<name>`). @default [] (none listed) */
    authorizedSubjects: z.array(z.string().regex(/^[a-z-]+:\S+$/, { error: "must be <user_type>:<name>, such as team:platform" })).default([]),
    /**
     * Loosening, what turns provider credentials on with `controlPlane.mode` "hosted": the IAM role of
     * the hosted control plane that may assume this stack's provider-credentials role. TrueFoundry's hosted control plane
     * is `arn:aws:iam::416964291864:role/tfy-ctl-euwe1-production-truefoundry-deps` (its docs); its
     * secrets-manager integration carries no external id, so the trust has none. Shown in the plan report.
     * @default undefined (refused with a self-hosted control plane: its own service account's role is trusted)
     */
    hostedPrincipal: iamRoleArn.optional(),
});

export type ProviderCredentialsConfig = z.infer<typeof providerCredentialsConfigSchema>;

/** Who may assume the role: the self-hosted control plane's own IRSA role, or the hosted one's role. */
export type ProviderCredentialsTrust = { kind: "control-plane-identity" } | { kind: "hosted"; principal: string };

export interface ResolvedProviderCredentials {
    /** Secrets the control plane may read: `<secret prefix><path>/`. */
    secretPrefix: string;
    accountName: string;
    integrationName: string;
    authorizedSubjects: string[];
    trust: ProviderCredentialsTrust;
}

const KEY = "splitplane:providerCredentials";

/** Rules across sections, one line each; empty means valid. The program checks them before registering anything. */
export function providerCredentialsProblems(cfg: Pick<AwsStackConfig, "phase" | "controlPlane" | "providerCredentials">, file: string): string[] {
    const pc = cfg.providerCredentials;
    const cp = cfg.controlPlane;
    const out: string[] = [];
    if (pc.enabled === true) {
        if (!cp) out.push(`${file}: ${KEY}.enabled needs splitplane:controlPlane (the control plane reads the keys) (got true and no controlPlane)`);
        else if (cp.stackReference) out.push(`${file}: ${KEY}.enabled must not be true with splitplane:controlPlane.stackReference: the stack that hosts the shared control plane (${cp.stackReference}) holds its integration (got true)`);
        if (cfg.phase < 1) out.push(`${file}: ${KEY}.enabled must not be true below phase 1 (provider credentials are a phase-1 part; splitplane:phase is ${cfg.phase})`);
    }
    if (pc.hostedPrincipal !== undefined && cp?.mode === "self-hosted") {
        out.push(`${file}: ${KEY}.hostedPrincipal must not be set with splitplane:controlPlane.mode "self-hosted": the role trusts the control plane's own service account role (got ${JSON.stringify(pc.hostedPrincipal)})`);
    }
    if (pc.enabled === true && cp?.mode === "hosted" && !cp.stackReference && pc.hostedPrincipal === undefined) {
        out.push(
            `${file}: ${KEY}.hostedPrincipal is required with ${KEY}.enabled and the hosted control plane at ${cp.url}: name the role it assumes roles as (TrueFoundry's hosted control plane: ${TRUEFOUNDRY_HOSTED_PRINCIPAL}), or leave enabled unset and store provider keys in the control plane by hand (got none)`,
        );
    }
    return out;
}

/**
 * On from phase 1 where this stack holds the control plane's integration: always beside a
 * self-hosted control plane; with a hosted one only once the user named the principal to trust
 * (a loosening is never a default).
 */
function enabledFor(cfg: Pick<AwsStackConfig, "phase" | "controlPlane" | "providerCredentials">): boolean {
    const cp = cfg.controlPlane;
    if (!cp || cp.stackReference || cfg.phase < 1) return false;
    return cfg.providerCredentials.enabled ?? (cp.mode === "self-hosted" || cfg.providerCredentials.hostedPrincipal !== undefined);
}

/**
 * What the program builds for provider credentials, or undefined where it builds none (below phase
 * 1, no control plane, a control plane shared by reference, or turned off). Call after
 * `providerCredentialsProblems` found nothing.
 */
export function resolveProviderCredentials(cfg: Pick<AwsStackConfig, "phase" | "controlPlane" | "providerCredentials">, a: { stack: string; secretNamePrefix: string }): ResolvedProviderCredentials | undefined {
    if (!enabledFor(cfg) || !cfg.controlPlane) return undefined;
    const pc = cfg.providerCredentials;
    const trust: ProviderCredentialsTrust | undefined =
        cfg.controlPlane.mode === "self-hosted" ? { kind: "control-plane-identity" } : pc.hostedPrincipal ? { kind: "hosted", principal: pc.hostedPrincipal } : undefined;
    if (!trust) throw new Error(`resolveProviderCredentials: ${KEY}.hostedPrincipal was not checked before the program ran`);
    return {
        secretPrefix: `${a.secretNamePrefix}${pc.path}/`,
        accountName: pc.accountName ?? defaultAccountName(a.stack),
        integrationName: pc.integrationName,
        authorizedSubjects: pc.authorizedSubjects,
        trust,
    };
}

/** The role's name (IAM allows 64 characters; the AWS stack's validation checks it). */
export const providerCredentialsRoleName = (clusterName: string) => `${clusterName}-llm-providers`;

/** `<stack>-secrets` in TrueFoundry's name rule: lower case, '-' for anything else, at most 36 characters. */
export function defaultAccountName(stack: string): string {
    const base = stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "").slice(0, 28).replace(/-+$/, "");
    return `${base || "splitplane"}-secrets`;
}

/** The loosening, in words for the plan report. */
export function providerCredentialsLoosened(cfg: Pick<AwsStackConfig, "phase" | "controlPlane" | "providerCredentials">): string[] {
    const principal = cfg.providerCredentials.hostedPrincipal;
    if (!principal || !enabledFor(cfg) || cfg.controlPlane?.mode !== "hosted") return [];
    return [
        `${KEY}.hostedPrincipal: ${principal}, the hosted control plane's role, may assume the role that reads the provider keys under the stack's secret prefix + ${cfg.providerCredentials.path}/, with no external id (TrueFoundry's secrets-manager integration has no field for one)`,
    ];
}

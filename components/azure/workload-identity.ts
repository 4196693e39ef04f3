import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BoundServiceAccount, CloudPermissions, ServiceAccountBinding } from "../compute-plane";
import { assignRole } from "./roles";

/**
 * Entra Workload ID, as pure data and one thin component.
 * https://learn.microsoft.com/azure/aks/workload-identity-overview
 */

/** The only audience Entra accepts for a federated token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** Entra's limit of federated identity credentials per user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;
/** The ServiceAccount annotation the workload identity webhook reads. */
export const CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
/** The pod label that makes the webhook project the token and the AZURE_* variables into a pod. */
export const USE_LABEL = "azure.workload.identity/use";

export interface ServiceAccountSubject {
    namespace: string;
    serviceAccountName: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `system:serviceaccount:<ns>:<sa>`, the `sub` claim of a projected service account token. */
export function serviceAccountSubject(s: ServiceAccountSubject): string {
    for (const [what, v] of [["namespace", s.namespace], ["service account name", s.serviceAccountName]] as const) {
        if (!DNS_LABEL.test(v) || v.length > 253) throw new Error(`workload identity: the ${what} must be a Kubernetes name such as "truefoundry" (got ${JSON.stringify(v)}): a federated credential trusts one exact subject`);
    }
    return `system:serviceaccount:${s.namespace}:${s.serviceAccountName}`;
}

/**
 * The federated credential's trust. The issuer is passed through exactly as AKS reports it
 * (`oidcIssuerProfile.issuerURL`, with its trailing `/`): Entra compares it byte for byte with
 * the token's `iss` claim, so a trimmed slash breaks the exchange silently.
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 */
export function federatedCredentialSpec(issuerUrl: pulumi.Input<string>, s: ServiceAccountSubject) {
    return { issuer: issuerUrl, subject: serviceAccountSubject(s), audiences: [TOKEN_EXCHANGE_AUDIENCE] };
}

/**
 * One federated credential per subject on `identity`, each created after the previous one: Entra
 * refuses concurrent credential writes on one identity (409
 * ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity). Child names come from the
 * subject, never its position, so adding one replaces nothing.
 */
export function federatedCredentialsInOrder(
    name: string,
    parent: pulumi.Resource,
    a: { resourceGroupName: pulumi.Input<string>; identity: managedidentity.UserAssignedIdentity; issuerUrl: pulumi.Input<string>; subjects: readonly ServiceAccountSubject[] },
): managedidentity.FederatedIdentityCredential[] {
    const out: managedidentity.FederatedIdentityCredential[] = [];
    for (const s of a.subjects) {
        const previous = out[out.length - 1];
        out.push(
            new managedidentity.FederatedIdentityCredential(
                `${name}-fic-${s.namespace}-${s.serviceAccountName}`,
                { resourceGroupName: a.resourceGroupName, resourceName: a.identity.name, ...federatedCredentialSpec(a.issuerUrl, s) },
                { parent, dependsOn: previous ? [previous] : [] },
            ),
        );
    }
    return out;
}

export interface WorkloadIdentityArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** The AKS cluster's OIDC issuer URL, as the cluster reports it. */
    issuerUrl: pulumi.Input<string>;
    /** The service accounts this identity trusts; at most 20 (Entra's limit per identity). */
    subjects: ServiceAccountSubject[];
    permissions: CloudPermissions;
    tags: Record<string, string>;
}

/**
 * A user-assigned managed identity trusted by exact service accounts, with exactly the given role
 * assignments. Its federated credentials are created one after another: Entra refuses concurrent
 * writes of credentials on one identity (409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity).
 */
export class AzureWorkloadIdentity extends pulumi.ComponentResource {
    readonly identity: managedidentity.UserAssignedIdentity;
    readonly clientId: pulumi.Output<string>;
    readonly principalId: pulumi.Output<string>;
    readonly credentials: managedidentity.FederatedIdentityCredential[];

    constructor(name: string, a: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:WorkloadIdentity", name, {}, opts);
        if (a.subjects.length === 0) throw new Error(`${name}: a workload identity needs at least one service account to trust`);
        if (a.subjects.length > MAX_FEDERATED_CREDENTIALS) {
            throw new Error(`${name}: a user-assigned identity holds at most ${MAX_FEDERATED_CREDENTIALS} federated credentials (got ${a.subjects.length}: the 21st is ${a.subjects[MAX_FEDERATED_CREDENTIALS].namespace}/${a.subjects[MAX_FEDERATED_CREDENTIALS].serviceAccountName}); split them over several identities`);
        }
        if (a.permissions.kind !== "azure-rbac") throw new Error(`${name}: an AKS workload identity takes azure-rbac permissions (got ${a.permissions.kind}, made for another cloud)`);
        const seen = new Set<string>();
        for (const s of a.subjects) {
            const subject = serviceAccountSubject(s);
            if (seen.has(subject)) throw new Error(`${name}: ${subject} is listed twice (issuer and subject must be unique per identity)`);
            seen.add(subject);
        }

        this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags }, { parent: this });
        this.clientId = this.identity.clientId;
        this.principalId = this.identity.principalId;

        this.credentials = federatedCredentialsInOrder(name, this, { resourceGroupName: a.resourceGroupName, identity: this.identity, issuerUrl: a.issuerUrl, subjects: a.subjects });

        a.permissions.roleAssignments.forEach((grant, i) => {
            // Position-derived names here would reorder on edits; callers pass a fixed list per binding.
            assignRole(`${name}-role-${i}`, this.principalId, grant, { parent: this });
        });
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
    }
}

export interface BindArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    issuerUrl: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    provider: k8s.Provider;
    tags: Record<string, string>;
}

/** `ComputePlane.bindServiceAccount` on AKS: one identity, one credential, the annotated ServiceAccount. */
export function bindAksServiceAccount(name: string, binding: ServiceAccountBinding, a: BindArgs, opts?: pulumi.ComponentResourceOptions): BoundServiceAccount {
    const wi = new AzureWorkloadIdentity(name, { resourceGroupName: a.resourceGroupName, location: a.location, issuerUrl: a.issuerUrl, subjects: [binding], permissions: binding.permissions, tags: a.tags }, opts);
    const annotations: pulumi.Output<Record<string, string>> = pulumi.all([wi.clientId, a.tenantId]).apply(([clientId, tenantId]): Record<string, string> => ({ [CLIENT_ID_ANNOTATION]: clientId, "azure.workload.identity/tenant-id": tenantId }));
    const serviceAccount =
        binding.createServiceAccount === false
            ? undefined
            : new k8s.core.v1.ServiceAccount(
                  `${name}-sa`,
                  { metadata: { name: binding.serviceAccountName, namespace: binding.namespace, annotations, labels: { "app.kubernetes.io/managed-by": "splitplane" } } },
                  { parent: wi, provider: a.provider, dependsOn: wi.credentials },
              );
    return {
        namespace: binding.namespace,
        serviceAccountName: binding.serviceAccountName,
        identity: wi.clientId,
        annotations,
        podLabels: { [USE_LABEL]: "true" },
        ...(serviceAccount ? { serviceAccount } : {}),
    };
}

import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";

/**
 * Built-in Azure role definition ids (the same GUID in every subscription).
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
export const BUILTIN_ROLE = {
    /** Subnet join, load balancers and their frontend IPs: what AKS needs on a bring-your-own subnet. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Records in one private DNS zone (the private API server's name). */
    privateDnsZoneContributor: "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    /** Lets the AKS control plane attach the kubelet identity to the nodes. */
    managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
    /** Read a secret's value; assigned at the scope of one secret. */
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    /** Pull images from one registry (the kubelet identity, on the registry). */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    /** Read, write and delete blobs (the data identity, on the artifact storage account). */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /** Call the Azure OpenAI inference API with an Entra token (whoever the stack grants it). */
    cognitiveServicesOpenAiUser: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    /** Wrap and unwrap with one key (get, wrapKey, unwrapKey): what an encrypting service's identity needs. */
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Create and manage keys: the deployer's, since ARM creates a key on its behalf under the vault's RBAC. */
    keyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    /** Read one resource (the cluster identity, on the disk encryption set its disks name). */
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    /** Full Kubernetes access on one cluster (Azure RBAC for Kubernetes authorization). */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
} as const;

/** The full role definition id as role assignments take it: `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>`. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, role: string): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

export interface RoleGrant {
    /** Full role definition id (see `roleDefinitionId`). */
    roleDefinitionId: pulumi.Input<string>;
    scope: pulumi.Input<string>;
}

/**
 * One role assignment of a managed identity. `principalType: ServicePrincipal` lets Azure skip
 * the Entra lookup that fails while a new identity is still replicating.
 * https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal
 * The assignment's name (a GUID) is left to azure-native, which generates one and keeps it in state
 * (https://github.com/pulumi/pulumi-azure-native/issues/582).
 */
export function assignRole(
    name: string,
    principalId: pulumi.Input<string>,
    grant: RoleGrant,
    opts: pulumi.CustomResourceOptions,
    principalType: "ServicePrincipal" | "Group" | "User" = "ServicePrincipal",
): authorization.RoleAssignment {
    // Always stated: azure-native sends "User" when it is absent.
    return new authorization.RoleAssignment(name, { principalId, principalType, roleDefinitionId: grant.roleDefinitionId, scope: grant.scope }, opts);
}

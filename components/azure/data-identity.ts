import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { federatedCredentialsInOrder, MAX_FEDERATED_CREDENTIALS, ServiceAccountSubject } from "./workload-identity";

export interface PlatformDataIdentityArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    issuerUrl: pulumi.Input<string>;
    /** Service accounts that act as this identity (workload identity); may be empty. */
    subjects: ServiceAccountSubject[];
    tags: Record<string, string>;
}

/**
 * The platform's data identity: a user-assigned managed identity that is the Postgres server's
 * Entra administrator and may write the artifact storage. It has no secret; pods act as it only
 * through federated credentials for the exact service accounts listed (created one after another:
 * Entra refuses concurrent credential writes on one identity). Other workloads get their own
 * database roles from it (`pgaadauth_create_principal`), never its identity.
 */
export class PlatformDataIdentity extends pulumi.ComponentResource {
    readonly identity: managedidentity.UserAssignedIdentity;
    readonly principalId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    /** The identity's name, which is its principal name in Postgres. */
    readonly principalName: pulumi.Output<string>;
    readonly credentials: managedidentity.FederatedIdentityCredential[];

    constructor(name: string, a: PlatformDataIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:PlatformDataIdentity", name, {}, opts);
        if (a.subjects.length > MAX_FEDERATED_CREDENTIALS) throw new Error(`${name}: a user-assigned identity holds at most ${MAX_FEDERATED_CREDENTIALS} federated credentials (got ${a.subjects.length})`);
        this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags }, { parent: this });
        this.principalId = this.identity.principalId;
        this.clientId = this.identity.clientId;
        this.principalName = this.identity.name;
        this.credentials = federatedCredentialsInOrder(name, this, { resourceGroupName: a.resourceGroupName, identity: this.identity, issuerUrl: a.issuerUrl, subjects: a.subjects });
        this.registerOutputs({ principalId: this.principalId, clientId: this.clientId });
    }
}

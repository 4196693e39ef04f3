import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID, autoname, hex, uuid } from "./ids";

type Inputs = Record<string, any>;

/**
 * Kubernetes objects: the API server fills `metadata.name` from `generateName` or (for Pulumi)
 * an autoname, and the id is `namespace/name`. Helm releases get their release name and status.
 */
export function kubernetesState(type: string, name: string, inputs: Inputs, seed: string): { id: string; state: Inputs } {
    if (type === "kubernetes:helm.sh/v3:Release") {
        const releaseName = inputs.name ?? autoname(name, seed);
        const namespace = inputs.namespace ?? "default";
        return { id: `${namespace}/${releaseName}`, state: { name: releaseName, status: { name: releaseName, namespace, status: "deployed", version: inputs.version ?? "", revision: 1, chart: inputs.chart } } };
    }
    const metadata = { ...(inputs.metadata ?? {}) };
    if (!metadata.name) metadata.name = autoname(name, seed);
    metadata.uid = uuid(seed);
    const id = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : String(metadata.name);
    return { id, state: { metadata } };
}

/** Azure Resource Manager ids, `/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<type>/<name>`. */
export function azureState(type: string, name: string, inputs: Inputs, seed: string, location: string): { id: string; state: Inputs } {
    const [, module = "resources", kind = "Resource"] = type.split(":");
    const resourceName: string = inputs.resourceName ?? inputs.name ?? inputs[`${kind.charAt(0).toLowerCase()}${kind.slice(1)}Name`] ?? autoname(name, seed);
    const rg: string = inputs.resourceGroupName ?? "rg";
    const ns = `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
    const base = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg}`;
    if (type === "azure-native:resources:ResourceGroup") {
        const n = inputs.resourceGroupName ?? autoname(name, seed);
        return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${n}`, state: { name: n, location: inputs.location ?? location } };
    }
    const id = `${base}/providers/${ns}/${kind.charAt(0).toLowerCase()}${kind.slice(1)}s/${resourceName}`;
    const state: Inputs = { name: resourceName, location: inputs.location ?? location };
    if (type === "azure-native:containerservice:ManagedCluster") {
        state.oidcIssuerProfile = { ...(inputs.oidcIssuerProfile ?? {}), issuerURL: `https://${location}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${uuid(seed)}/` };
        state.fqdn = `${resourceName}-${hex(seed, 8)}.hcp.${location}.azmk8s.io`;
        state.privateFQDN = `${resourceName}-${hex(seed, 8)}.${uuid(seed)}.privatelink.${location}.azmk8s.io`;
        state.identityProfile = { kubeletidentity: { clientId: uuid(seed + "kc"), objectId: uuid(seed + "ko"), resourceId: `${base}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${resourceName}-agentpool` } };
    }
    if (type === "azure-native:managedidentity:UserAssignedIdentity") {
        state.clientId = uuid(seed + "c");
        state.principalId = uuid(seed + "p");
        state.tenantId = MOCK_TENANT_ID;
    }
    if (type === "azure-native:keyvault:Vault") state.properties = { ...(inputs.properties ?? {}), vaultUri: `https://${resourceName}.vault.azure.net/` };
    if (type === "azure-native:dbforpostgresql:Server") state.fullyQualifiedDomainName = `${resourceName}.postgres.database.azure.com`;
    return { id, state };
}

export function azureInvoke(token: string, location: string): Inputs | undefined {
    if (token === "azure-native:authorization:getClientConfig") {
        return { clientId: uuid("client"), objectId: uuid("object"), subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
    }
    if (token === "azure-native:resources:getResourceGroup") return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/rg`, location };
    return undefined;
}

/** random: deterministic results; `result` of a password is a secret in the real provider too. */
export function randomState(type: string, name: string, inputs: Inputs, seed: string): { id: string; state: Inputs } {
    switch (type) {
        case "random:index/randomId:RandomId": {
            const h = hex(seed, (inputs.byteLength ?? 8) * 2);
            return { id: Buffer.from(h, "hex").toString("base64url"), state: { hex: h, dec: BigInt(`0x${h}`).toString(), b64Url: Buffer.from(h, "hex").toString("base64url"), b64Std: Buffer.from(h, "hex").toString("base64") } };
        }
        case "random:index/randomPet:RandomPet":
            return { id: `mock-pet-${hex(seed, 4)}`, state: {} };
        default: {
            const result = hex(seed, inputs.length ?? 16);
            return { id: "none", state: { result } };
        }
    }
}

import { autoname, hex, uuid } from "./ids";

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

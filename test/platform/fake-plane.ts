import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BoundServiceAccount, CloudPermissions, ComputePlane, SecretGrant } from "../../components/compute-plane";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";

/**
 * A ComputePlane that no cloud made: Kubernetes objects only, an Azure-shaped secret store (role
 * assignments scoped per secret) and an internal LoadBalancer gateway with a static IP, the
 * opposite of AWS's choices. Platform code that plans on both knows no cloud.
 */
export const FAKE_VAULT = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/fake-kv";
export const FAKE_READER_ROLE = "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6";
export const FAKE_GATEWAY_IP = "10.90.8.10";

export interface FakePlane extends ComputePlane {
    /** Every binding asked of the plane, with the permissions it was given. */
    readonly bindings: { name: string; namespace: string; serviceAccountName: string; permissions: CloudPermissions }[];
}

export function fakePlane(): FakePlane {
    const provider = new k8s.Provider("fake-k8s", { kubeconfig: "fake" });
    const bindings: FakePlane["bindings"] = [];
    const ready = [new k8s.core.v1.ConfigMap("fake-ready", { metadata: { name: "fake-ready", namespace: "kube-system" }, data: { ready: "yes" } }, { provider })];
    const scope = (g: SecretGrant): pulumi.Input<string> => ("name" in g ? `${FAKE_VAULT}/secrets/fake-${g.name.replace(/\//g, "-")}` : g.id);
    const placement = (pool: string, taint?: string) => ({
        nodeSelector: { "fake.example/pool": pool },
        tolerations: taint ? [{ key: taint, operator: "Exists" as const, effect: "NoSchedule" as const }] : [],
    });
    return {
        cloud: "azure",
        region: pulumi.output("fakeregion"),
        clusterName: pulumi.output("fake-cluster"),
        provider,
        oidcIssuerUrl: pulumi.output("https://issuer.fake.example/abc"),
        bindServiceAccount(name, binding, opts): BoundServiceAccount {
            bindings.push({ name, namespace: binding.namespace, serviceAccountName: binding.serviceAccountName, permissions: binding.permissions });
            const identity = pulumi.output(`fake-client-id-${binding.namespace}-${binding.serviceAccountName}`);
            const annotations = identity.apply((id): Record<string, string> => ({ "azure.workload.identity/client-id": id }));
            const sa =
                binding.createServiceAccount === false
                    ? undefined
                    : new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: { name: binding.serviceAccountName, namespace: binding.namespace, annotations } }, { ...opts, provider });
            return { namespace: binding.namespace, serviceAccountName: binding.serviceAccountName, identity, annotations, podLabels: { "azure.workload.identity/use": "true" }, serviceAccount: sa };
        },
        secretStore: {
            kind: "azure-key-vault",
            namePrefix: "fake-",
            readPermissionsFor: (secrets) => ({ kind: "azure-rbac", roleAssignments: secrets.map((g) => ({ roleDefinitionId: FAKE_READER_ROLE, scope: scope(g) })) }),
            readPermissions: { kind: "azure-rbac", roleAssignments: [{ roleDefinitionId: FAKE_READER_ROLE, scope: FAKE_VAULT }] },
            remoteKey: (g) => ("name" in g ? `fake-${g.name.replace(/\//g, "-")}` : g.id),
            externalSecretsProvider: (sa) =>
                pulumi.output("https://fake-kv.vault.azure.net").apply((vaultUrl): Record<string, unknown> => ({ azurekv: { vaultUrl, authType: "WorkloadIdentity", serviceAccountRef: { name: sa.name } } })),
        },
        ingress: {
            className: "fake-lb",
            internetFacing: false,
            gatewayService: { namespace: "istio-ingress", name: "istio-ingressgateway", port: 80 },
            internalServiceAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
            gatewayServiceType: "LoadBalancer",
            gatewayServiceIp: FAKE_GATEWAY_IP,
            gatewayServiceIpAnnotation: "service.beta.kubernetes.io/azure-load-balancer-ipv4",
        },
        nodePools: { system: placement("system", "CriticalAddonsOnly"), general: placement("general"), onDemand: placement("on-demand", "fake.example/on-demand") },
        gpuDevicePlugin: "required",
        storageClassName: "fake-encrypted",
        ready,
        bindings,
    };
}

/** Runs `body` on a fresh fake plane under the offline engine. */
export async function runOnFakePlane(body: (plane: FakePlane) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void, stack = "fake"): Promise<{ run: ProgramRun; plane: FakePlane; probe: Record<string, unknown> }> {
    let plane: FakePlane | undefined;
    const probed: Record<string, unknown> = {};
    const run = await runProgram({
        stack,
        program: async () => {
            plane = fakePlane();
            Object.assign(probed, (await body(plane)) ?? {});
            return probed;
        },
    });
    for (const key of Object.keys(probed)) probed[key] = run.outputs[key];
    return { run, plane: plane as FakePlane, probe: probed };
}

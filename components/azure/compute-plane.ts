import * as pulumi from "@pulumi/pulumi";
import { ComputePlane } from "../compute-plane";
import { AksCluster } from "./cluster";
import { CMK_STORAGE_CLASS } from "./disk-encryption";
import { KeyVaultStore } from "./key-vault";
import { AksNodePools } from "./node-pools";

export interface AzureComputePlaneParts {
    location: string;
    cluster: AksCluster;
    pools: AksNodePools;
    keyVault: KeyVaultStore;
    ingress: { backend: { namespace: string; name: string; port: number }; privateIp: string; subnetName: string };
}

/**
 * Annotations that make a `LoadBalancer` Service an internal Azure load balancer in the ingress
 * subnet. https://learn.microsoft.com/azure/aks/internal-lb
 */
export function internalLoadBalancerAnnotations(subnetName: string): Record<string, string> {
    return {
        "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
        "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": subnetName,
    };
}

/** Assembles the Azure implementation of the ComputePlane contract from the components a stack made. */
export function azureComputePlane(p: AzureComputePlaneParts): ComputePlane {
    const vault = p.keyVault;
    return {
        cloud: "azure",
        region: pulumi.output(p.location),
        clusterName: p.cluster.clusterName,
        provider: p.cluster.provider,
        oidcIssuerUrl: p.cluster.issuerUrl,
        bindServiceAccount: (name, binding, opts) => p.cluster.bindServiceAccount(name, binding, opts),
        secretStore: {
            kind: "azure-key-vault",
            // One vault per environment: every secret in it is this environment's.
            namePrefix: "",
            get readPermissions(): never {
                throw new Error("secretStore.readPermissions: on Azure a read grant names its secrets (Key Vault Secrets User at secret scope); use readPermissionsFor([...])");
            },
            readPermissionsFor: (secrets) => vault.readPermissionsFor(secrets),
            remoteKey: (secret) => vault.remoteKey(secret),
            externalSecretsProvider: (sa) => vault.externalSecretsProvider(sa),
        },
        ingress: {
            // No cloud ingress controller: the mesh gateway's own Service is the internal load balancer.
            className: "istio",
            internetFacing: false,
            gatewayService: { ...p.ingress.backend },
            internalServiceAnnotations: internalLoadBalancerAnnotations(p.ingress.subnetName),
            // The gateway's Service is the internal load balancer, on a static IP Application Gateway can target.
            gatewayServiceType: "LoadBalancer",
            gatewayServiceIp: p.ingress.privateIp,
            // https://learn.microsoft.com/azure/aks/load-balancer-standard#specify-the-load-balancer-ip-address
            // (replaces the deprecated Service spec.loadBalancerIP; for an internal load balancer the
            // address is in the subnet the internal-subnet annotation names).
            gatewayServiceIpAnnotation: "service.beta.kubernetes.io/azure-load-balancer-ipv4",
        },
        nodePools: {
            system: p.pools.placements.system,
            general: p.pools.placements.general,
            onDemand: p.pools.placements.onDemand,
            ...(p.pools.placements.gpu ? { gpu: p.pools.placements.gpu } : {}),
        },
        // AKS installs the NVIDIA driver on GPU pools but no device plugin: the platform installs it.
        gpuDevicePlugin: "required",
        // Volumes encrypted with the disk encryption set's customer-managed key; with the
        // `encryption.keys: platform` loosening, AKS's built-in class (Azure Disk CSI, StandardSSD,
        // platform-managed keys, https://learn.microsoft.com/azure/aks/azure-disk-csi).
        storageClassName: p.cluster.storageClass ? CMK_STORAGE_CLASS : "managed-csi",
        ready: [p.cluster.cluster, ...Object.values(p.pools.pools), p.pools.priorityExpander, ...(p.cluster.storageClass ? [p.cluster.storageClass] : [])],
    };
}

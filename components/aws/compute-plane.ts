import * as pulumi from "@pulumi/pulumi";
import { ComputePlane } from "../compute-plane";
import { EksCluster } from "./cluster";
import { AlbIngress } from "./ingress";
import { ALB_INGRESS_CLASS, INTERNAL_SERVICE_ANNOTATIONS } from "./ingress-specs";
import { KarpenterNodePool, needsDevicePlugin } from "./node-pools";
import { SecretStore } from "./secret-store";
import { ENCRYPTED_STORAGE_CLASS } from "./storage-class";
import { SYSTEM_POOL_LABEL, SYSTEM_TOLERATIONS } from "./system-nodes";

export interface AwsComputePlaneParts {
    cluster: EksCluster;
    secretStore: SecretStore;
    ingress: AlbIngress;
    ingressSettings: { internetFacing: boolean; backend: { namespace: string; name: string; port: number } };
    general: KarpenterNodePool;
    onDemand: KarpenterNodePool;
    gpu?: KarpenterNodePool;
    /** The pools' AMI alias: Bottlerocket's NVIDIA variants bring their own device plugin. */
    amiAlias: string;
    /** Secrets outside the store's prefix that the secret-sync operator may read (the RDS master secret). */
    extraSecretArns?: pulumi.Input<string>[];
}

/** Assembles the AWS implementation of the ComputePlane contract from the components a stack made. */
export function awsComputePlane(p: AwsComputePlaneParts): ComputePlane {
    return {
        cloud: "aws",
        region: pulumi.output(p.cluster.context.region),
        clusterName: p.cluster.clusterName,
        provider: p.cluster.provider,
        oidcIssuerUrl: p.cluster.issuerUrl,
        bindServiceAccount: (name, binding, opts) => p.cluster.bindServiceAccount(name, binding, opts),
        secretStore: p.secretStore.toRef(p.extraSecretArns),
        ingress: {
            className: ALB_INGRESS_CLASS,
            internetFacing: p.ingressSettings.internetFacing,
            gatewayService: { ...p.ingressSettings.backend },
            internalServiceAnnotations: { ...INTERNAL_SERVICE_ANNOTATIONS },
            // The ALB targets the gateway pods by IP: its Service needs no load balancer of its own.
            gatewayServiceType: "ClusterIP",
        },
        nodePools: {
            system: { nodeSelector: { ...SYSTEM_POOL_LABEL }, tolerations: SYSTEM_TOLERATIONS },
            general: p.general.placement,
            onDemand: p.onDemand.placement,
            ...(p.gpu ? { gpu: p.gpu.placement } : {}),
        },
        gpuDevicePlugin: needsDevicePlugin(p.amiAlias) ? "required" : "bundled",
        storageClassName: ENCRYPTED_STORAGE_CLASS,
        ready: [...p.cluster.ready, p.cluster.storageClass, p.general.nodePool, p.onDemand.nodePool, p.ingress.release, ...(p.gpu ? [p.gpu.nodePool] : [])],
    };
}

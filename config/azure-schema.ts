import { z } from "zod";
import { BACKUP_RETENTION_DAYS, flexibleServerTier, STORAGE_SIZES_GB } from "../components/azure/postgres-specs";
import { capacityType, dnsLabel, intBetween, ipv4Address, ipv4Cidr, kubernetesVersion, minNotAboveMax, publicEndpointCidrs } from "./primitives";

/**
 * The Azure fields of the stack config's sections. Same section names as AWS (`network`,
 * `cluster`, `nodePools`, `ingress`, `charts`); a key that only AWS has is refused in an Azure
 * stack with a message naming the key and the cloud (./parse.ts). Defaults live here; the ones
 * that depend on the tier are decided in ./defaults.ts.
 */

/** An Azure VM size such as `Standard_D4ds_v5` or `Standard_NC4as_T4_v3`. */
export const vmSize = z.string().regex(/^Standard_[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/, { error: "must be an Azure VM size such as Standard_D4ds_v5" });

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VNET_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]+\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w._]+$/i;

/** Availability zones of a region (Azure numbers them 1-3 per subscription). */
const zone = z.enum(["1", "2", "3"]);

export const azureNetworkConfigSchema = z.strictObject({
    /** VNet address space; the address plan (components/azure/address-plan.ts) fails loudly when the subnets do not fit. @default "10.40.0.0/16" */
    cidr: ipv4Cidr.default("10.40.0.0/16"),
    /** Zones the system and user pools spread across. @default ["1", "2", "3"] */
    zones: z
        .array(zone)
        .min(1)
        .refine((list) => new Set(list).size === list.length, { error: "must not list a zone twice" })
        .default(["1", "2", "3"]),
    /**
     * Pod address space of Azure CNI overlay: pods are not given VNet addresses, so it must only not
     * overlap the VNet, the service range or a network the pods talk to. @default "10.244.0.0/16"
     */
    podCidr: ipv4Cidr.default("10.244.0.0/16"),
    /** Kubernetes service range (cluster-internal; must not overlap the VNet). @default "10.0.0.0/16" */
    serviceCidr: ipv4Cidr.default("10.0.0.0/16"),
    /** Cluster DNS service address, inside `serviceCidr`. @default "10.0.0.10" */
    dnsServiceIp: ipv4Address.default("10.0.0.10"),
    /** NAT gateway idle timeout for outbound flows, in minutes (4-120). @default 4 */
    natIdleTimeoutMinutes: intBetween(4, 120).default(4),
    /**
     * How `pulumi up` reaches the private API server (docs/azure.md "Reaching the private cluster").
     * At least one of them is required while the API server is private.
     */
    deployer: z
        .strictObject({
            /**
             * ARM id of the deployer's VNet (CI runners, VPN or hub network): peered with this VNet
             * both ways, and the cluster's private DNS zone is linked to it. @default undefined
             */
            vnetId: z.string().regex(VNET_ID, { error: "must be a virtual network resource id such as /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>" }).optional(),
            /** Address space of that VNet (must not overlap this one; admitted to the API server). Required with `vnetId`. @default undefined */
            vnetCidr: ipv4Cidr.optional(),
            /** A subnet in this VNet for a self-hosted deploy runner (outbound through the NAT gateway). @default false */
            runnerSubnet: z.boolean().default(false),
        })
        .superRefine((v, ctx) => {
            if (v.vnetId && !v.vnetCidr) ctx.addIssue({ code: "custom", path: ["vnetCidr"], input: v.vnetCidr, message: "must be set when network.deployer.vnetId is set (the peered VNet's address space)" });
            if (v.vnetCidr && !v.vnetId) ctx.addIssue({ code: "custom", path: ["vnetId"], input: v.vnetId, message: "must be set when network.deployer.vnetCidr is set" });
        })
        .prefault({}),
});

export const azureClusterConfigSchema = z.strictObject({
    /** Kubernetes minor version (AKS applies patches through `upgradeChannel`). @default "1.34" */
    kubernetesVersion,
    /**
     * Loosening: a public API server, reachable only from these CIDRs (AKS `authorizedIPRanges`;
     * 0.0.0.0/0 is refused). @default undefined (private cluster)
     */
    publicEndpointCidrs,
    /**
     * Entra ID group object ids granted cluster admin (Azure RBAC). The identity that runs
     * `pulumi up` must be a member of one of them, since local accounts are disabled.
     * @default []
     */
    admins: z.array(z.string().regex(GUID, { error: "must be an Entra ID group object id (a GUID such as 7f3c1a52-0b6e-4d1e-9c0a-2f4b8e6d1c3a)" })).default([]),
    /** AKS pricing tier: `Standard` has the uptime SLA. @default "Free" in dev, "Standard" in staging and prod (./defaults.ts) */
    skuTier: z.enum(["Free", "Standard", "Premium"]).optional(),
    /** Kubernetes auto-upgrade channel. @default "patch" */
    upgradeChannel: z.enum(["patch", "stable", "rapid", "node-image", "none"]).default("patch"),
    /** Node OS image upgrade channel. @default "NodeImage" */
    nodeOsUpgradeChannel: z.enum(["NodeImage", "SecurityPatch", "Unmanaged", "None"]).default("NodeImage"),
    /**
     * Host-based encryption of node disks and temp disks. Needs the `Microsoft.Compute/EncryptionAtHost`
     * feature registered on the subscription, and can only be set when a pool is created.
     * @default true
     */
    encryptionAtHost: z.boolean().default(true),
    /** Node OS for every pool. @default "AzureLinux" */
    osSku: z.enum(["AzureLinux", "Ubuntu"]).default("AzureLinux"),
    /** System pool (on-demand, tainted CriticalAddonsOnly, across `network.zones`). @default { vmSize: "Standard_D4ds_v5", min: 2, max: 3 } */
    systemNodes: z
        .strictObject({
            vmSize: vmSize.default("Standard_D4ds_v5"),
            min: intBetween(1, 100).default(2),
            max: intBetween(1, 100).default(3),
        })
        .superRefine((v, ctx) => minNotAboveMax(v, ctx, "systemNodes"))
        .prefault({}),
});

export const azureNodePoolsConfigSchema = z.strictObject({
    /**
     * General-purpose pools: one spot pool per VM size in `spotVmSizes` (tried first by the cluster
     * autoscaler's priority expander) and one on-demand pool that is also the on-demand placement.
     * @default see each field
     */
    general: z
        .strictObject({
            /** `spot` and/or `on-demand`; without `spot` no spot pool is created. @default ["spot", "on-demand"] */
            capacityTypes: z.array(capacityType).min(1).default(["spot", "on-demand"]),
            /** One spot pool per size (several sizes make eviction of all at once less likely). @default ["Standard_D4ds_v5", "Standard_D4as_v5"] */
            spotVmSizes: z.array(vmSize).min(1).max(5).default(["Standard_D4ds_v5", "Standard_D4as_v5"]),
            /** Most nodes per spot pool. @default 20 */
            spotMax: intBetween(1, 1000).default(20),
            /** The on-demand pool's VM size. @default "Standard_D4ds_v5" */
            onDemandVmSize: vmSize.default("Standard_D4ds_v5"),
            /** On-demand nodes always kept for controllers and the control plane (never spot, never paused). @default 1 */
            onDemandMin: intBetween(1, 100).default(1),
            /** @default 10 */
            onDemandMax: intBetween(1, 1000).default(10),
        })
        .superRefine((v, ctx) => {
            if (v.onDemandMin > v.onDemandMax) ctx.addIssue({ code: "custom", path: ["onDemandMin"], input: v.onDemandMin, message: `must not exceed general.onDemandMax (${v.onDemandMax})` });
        })
        .prefault({}),
    /** GPU pools (tainted nvidia.com/gpu), spot first. @default { enabled: phase >= 2, vmSize: "Standard_NC4as_T4_v3", max: 4, capacityTypes: ["spot", "on-demand"] } */
    gpu: z
        .strictObject({
            enabled: z.boolean().optional(),
            vmSize: vmSize.default("Standard_NC4as_T4_v3"),
            /** Most nodes per GPU pool. @default 4 */
            max: intBetween(1, 100).default(4),
            capacityTypes: z.array(capacityType).min(1).default(["spot", "on-demand"]),
        })
        .prefault({}),
});

/**
 * Application Gateway WAF_v2 in front of the mesh's internal load balancer (components/azure/app-gateway.ts).
 * Its backend is `ingress.privateIp`, the gateway Service's static IP.
 */
export const azureAppGatewayConfigSchema = z
    .strictObject({
        /** Loosening when false: nothing filters HTTP in front of the mesh. @default true */
        enabled: z.boolean().default(true),
        /**
         * Application Gateway network isolation: a private-IP-only gateway with no public IP and no
         * GatewayManager inbound rule. Needs `EnableApplicationGatewayNetworkIsolation` registered
         * on the subscription. Loosening when false: a v2 gateway then needs a public IP for its
         * management traffic (no listener on it) and GatewayManager 65200-65535 open. @default true
         */
        networkIsolation: z.boolean().default(true),
        /** `private` (a static IP in the Application Gateway subnet) or, as a reported loosening, `public`. @default "private" */
        frontend: z.enum(["private", "public"]).default("private"),
        /** Client ranges the public frontend admits (required with `frontend: public`; the NSG admits only these). @default undefined */
        publicAllowedCidrs: z.array(ipv4Cidr).min(1).optional(),
        /** Static private frontend IP, inside the Application Gateway subnet. @default the first assignable address of that subnet */
        privateIp: ipv4Address.optional(),
        /**
         * Name of a certificate in this environment's Key Vault: an HTTPS listener on 443 (TLS 1.2+)
         * instead of HTTP on 80. Required with `frontend: public`. @default undefined
         */
        tlsCertificateSecret: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, { error: "must be a Key Vault certificate name (letters, digits and hyphens)" }).optional(),
        /** WAF mode; `Detection` only logs and is reported as a loosening. @default "Prevention" */
        wafMode: z.enum(["Prevention", "Detection"]).default("Prevention"),
        /** Autoscale bounds (capacity units' instances). @default 1 and 10 */
        minCapacity: intBetween(0, 125).default(1),
        maxCapacity: intBetween(2, 125).default(10),
    })
    .superRefine((v, ctx) => {
        if (v.frontend === "public" && !v.publicAllowedCidrs) {
            ctx.addIssue({ code: "custom", path: ["publicAllowedCidrs"], input: v.publicAllowedCidrs, message: "must be set when ingress.appGateway.frontend is public (name the clients the public listener admits)" });
        }
        if (v.frontend === "public" && !v.tlsCertificateSecret) {
            ctx.addIssue({ code: "custom", path: ["tlsCertificateSecret"], input: v.tlsCertificateSecret, message: "must be set when ingress.appGateway.frontend is public (no plain-HTTP public listener)" });
        }
        if (v.frontend === "private" && v.publicAllowedCidrs) {
            ctx.addIssue({ code: "custom", path: ["publicAllowedCidrs"], input: v.publicAllowedCidrs, message: 'must be unset unless ingress.appGateway.frontend is "public" (the explicit option for a public listener)' });
        }
        if (v.minCapacity > v.maxCapacity) ctx.addIssue({ code: "custom", path: ["minCapacity"], input: v.minCapacity, message: `must not exceed ingress.appGateway.maxCapacity (${v.maxCapacity})` });
    });

export const azureIngressConfigSchema = z.strictObject({
    /**
     * Static private IP of the mesh ingress gateway's internal load balancer, inside the ingress
     * subnet (Application Gateway's backend later points at it).
     * @default the first assignable address of the ingress subnet (address plan)
     */
    privateIp: ipv4Address.optional(),
    /** The Service the internal load balancer fronts. @default Istio's conventional ingress gateway */
    backend: z
        .strictObject({
            namespace: z.string().default("istio-ingress"),
            name: z.string().default("istio-ingressgateway"),
            port: intBetween(1, 65535).default(80),
            /** Readiness endpoint on the gateway Service, probed by Application Gateway. @default Istio's status port */
            healthCheckPath: z.string().startsWith("/").default("/healthz/ready"),
            healthCheckPort: intBetween(1, 65535).default(15021),
        })
        .prefault({}),
    /** The web application firewall in front of the internal load balancer. @default see each field */
    appGateway: azureAppGatewayConfigSchema.prefault({}),
});

/** A Kubernetes service account, by namespace and name (a federated credential trusts exactly it). */
const serviceAccountRef = z.strictObject({ namespace: dnsLabel, name: dnsLabel });

/**
 * The platform's Postgres (Azure Database for PostgreSQL Flexible Server), created at phase 2 with
 * the settings it keeps: VNet-integrated in the delegated subnet, no public access, Entra ID
 * authentication only, TLS required, pgvector allowed (components/azure/postgres.ts).
 */
export const azureDatabaseConfigSchema = z.strictObject({
    /** PostgreSQL major version; 15 or newer for pgvector. @default "17" */
    version: z.enum(["15", "16", "17", "18"]).default("17"),
    /**
     * Compute size (ARM `sku.name`); the tier follows from it. Zone-redundant HA needs General
     * Purpose or Memory Optimized. @default "Standard_B2s" in dev, "Standard_D2ds_v5" in staging and prod (./defaults.ts)
     */
    sku: z
        .string()
        .refine((s) => flexibleServerTier(s) !== undefined, { error: "must be a Flexible Server compute size such as Standard_B2s, Standard_D4ds_v5 or Standard_E4ds_v5 (a B, D or E size of the families Flexible Server offers)" })
        .optional(),
    /** Premium SSD size in GiB; it can only grow. @default 64 */
    storageGb: z
        .number()
        .int()
        .refine((n) => (STORAGE_SIZES_GB as readonly number[]).includes(n), { error: `must be one of the Premium SSD sizes ${STORAGE_SIZES_GB.join(", ")}` })
        .default(64),
    /** Point-in-time restore window, in days (7-35). @default 14 */
    backupRetentionDays: intBetween(BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max).default(14),
    /** Zone-redundant high availability (a standby in another zone). @default true in prod (./defaults.ts) */
    highAvailability: z.boolean().optional(),
    /** Geo-redundant backups, fixed when the server is created. @default true in prod (./defaults.ts) */
    geoRedundantBackup: z.boolean().optional(),
    /** Extensions the platform may create (`azure.extensions`); VECTOR (pgvector) is always among them. @default ["VECTOR"] */
    extensions: z
        .array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: "must be an extension name as azure.extensions lists it, upper case, such as VECTOR or PG_TRGM" }))
        .refine((l) => l.includes("VECTOR"), { error: "must include VECTOR (pgvector, which the platform's data needs)" })
        .refine((l) => new Set(l).size === l.length, { error: "must not list an extension twice" })
        .default(["VECTOR"]),
    /**
     * Service accounts that act as the server's Entra administrator (the platform's data identity)
     * through workload identity, such as a migration job: at most 20. @default []
     */
    adminServiceAccounts: z.array(serviceAccountRef).max(20).default([]),
});

/** The platform's private artifact storage (Blob), from phase 2 (components/azure/object-storage.ts). */
export const azureObjectStorageConfigSchema = z.strictObject({
    /** The container the platform's artifacts (models, datasets) go in. @default "artifacts" */
    container: z
        .string()
        .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: "must be a blob container name: 3-63 lower-case letters, digits and single hyphens" })
        .default("artifacts"),
    /** Replication. @default "Standard_LRS" in dev, "Standard_ZRS" in staging and prod (./defaults.ts) */
    redundancy: z.enum(["Standard_LRS", "Standard_ZRS", "Standard_GZRS"]).optional(),
});

/** The plane's private image registry (ACR Premium), from phase 2 (components/azure/registry.ts). */
export const azureRegistryConfigSchema = z.strictObject({
    /** Zone redundancy, fixed when the registry is created. @default true in prod (./defaults.ts) */
    zoneRedundant: z.boolean().optional(),
});

/** An optional Azure OpenAI account behind a private endpoint (components/azure/openai.ts). */
export const azureOpenAiConfigSchema = z.strictObject({
    /** @default false */
    enabled: z.boolean().default(false),
    /** The account's region, where Azure OpenAI is offered; the private endpoint stays in the VNet's. @default the stack's azure-native:location */
    location: z.string().regex(/^[a-z0-9]+$/, { error: "must be an Azure region name such as swedencentral" }).optional(),
});

/**
 * Encryption at rest with customer-managed keys (components/azure/customer-keys.ts): one RSA key
 * per consumer in the environment's Key Vault, with a rotation policy, used by the AKS node and
 * volume disks (a disk encryption set), the Postgres server and the artifact storage account.
 * Every one of these is a setting the service takes only when the resource is created.
 */
export const azureEncryptionConfigSchema = z.strictObject({
    /**
     * `customer`: Key Vault keys this stack owns. Loosening: `platform` leaves every store on the
     * keys Azure manages (still encrypted; no key of yours to audit, rotate or revoke), reported in
     * the plan. Switching later replaces the cluster and the database (a create-time setting).
     * @default "customer"
     */
    keys: z.enum(["customer", "platform"]).default("customer"),
    /**
     * The kind of principal that runs `pulumi up`: the stack grants it Key Vault Crypto Officer on
     * the vault (ARM creates the keys as it), and a role assignment must state the kind.
     * `ServicePrincipal` for a CI identity (a runner's managed identity or a federated app), `User`
     * for a person. @default "ServicePrincipal"
     */
    deployerPrincipalType: z.enum(["ServicePrincipal", "User"]).default("ServicePrincipal"),
    /** RSA modulus of each key; every consumer accepts 2048, 3072 and 4096. @default 3072 */
    keySize: z.union([z.literal(3072), z.literal(4096)]).default(3072),
    /** Days after which Key Vault writes a new key version (each consumer follows the latest version). @default 365 */
    rotationDays: intBetween(30, 730).default(365),
    /**
     * Region of the key vault that holds the key of Postgres's geo-redundant backups (Azure requires
     * it in the region the backups are copied to, the server region's pair).
     * @default the server region's Azure pair (components/azure/region-pairs.ts)
     */
    geoBackupLocation: z.string().regex(/^[a-z0-9]+$/, { error: "must be an Azure region name such as northeurope" }).optional(),
});

/** The Azure sections (the charts section is shared, in ./schema.ts). */
export const azureStackSections = {
    network: azureNetworkConfigSchema.default(() => azureNetworkConfigSchema.parse({})),
    cluster: azureClusterConfigSchema.default(() => azureClusterConfigSchema.parse({})),
    nodePools: azureNodePoolsConfigSchema.default(() => azureNodePoolsConfigSchema.parse({})),
    ingress: azureIngressConfigSchema.default(() => azureIngressConfigSchema.parse({})),
    database: azureDatabaseConfigSchema.default(() => azureDatabaseConfigSchema.parse({})),
    objectStorage: azureObjectStorageConfigSchema.default(() => azureObjectStorageConfigSchema.parse({})),
    registry: azureRegistryConfigSchema.default(() => azureRegistryConfigSchema.parse({})),
    openai: azureOpenAiConfigSchema.default(() => azureOpenAiConfigSchema.parse({})),
    encryption: azureEncryptionConfigSchema.default(() => azureEncryptionConfigSchema.parse({})),
};

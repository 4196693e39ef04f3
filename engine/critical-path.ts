import { Graph } from "./graph";
import { ProgramRun, RecordedResource } from "./resource";

/**
 * How long a first `pulumi up` takes, from the recorded graph: the longest chain of create
 * durations (the critical path; Pulumi creates everything else in parallel), and an inherent
 * lower bound from the edges that MUST exist (`REQUIRED_EDGES`), so a false dependency that
 * serialises slow resources shows as critical path > bound. Durations are typical creates,
 * documented below; they are estimates for comparing graphs, not promises.
 */

/**
 * Typical create durations in seconds (what the provider waits for), per resource type. Sources:
 * the providers' default create timeouts bound them; the figures are the usual times AWS and Azure
 * document or users report for a create in one region.
 */
export const CREATE_SECONDS: Readonly<Record<string, number>> = {
    // EKS control plane: "usually takes 10 to 15 minutes" (EKS User Guide, Create a cluster).
    "aws:eks/cluster:Cluster": 12 * 60,
    // Managed node group: instances launched and joined, 3-5 minutes.
    "aws:eks/nodeGroup:NodeGroup": 4 * 60,
    // Managed add-ons: active within 1-2 minutes once nodes exist.
    "aws:eks/addon:Addon": 90,
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": 10,
    "aws:eks/accessEntry:AccessEntry": 5,
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 5,
    // RDS: single-AZ about 10 minutes, Multi-AZ about 15-20 (a standby in a second AZ is built and synced).
    "aws:rds/instance:Instance": 15 * 60,
    // NAT gateway: pending to available in 1-5 minutes (Amazon VPC User Guide).
    "aws:ec2/natGateway:NatGateway": 3 * 60,
    // Interface VPC endpoint: pending to available in about 2 minutes.
    "aws:ec2/vpcEndpoint:VpcEndpoint": 2 * 60,
    "aws:ec2/vpc:Vpc": 5,
    "aws:ec2/subnet:Subnet": 5,
    "aws:ec2/eip:Eip": 5,
    "aws:kms/key:Key": 5,
    "aws:s3/bucket:Bucket": 5,
    "aws:iam/role:Role": 5,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 5,
    // AKS: a private cluster with a system pool, 6-10 minutes.
    "azure-native:containerservice:ManagedCluster": 8 * 60,
    // An AKS user pool: VM scale set up and nodes ready, 3-5 minutes.
    "azure-native:containerservice:AgentPool": 4 * 60,
    // Application Gateway v2: about 5-7 minutes.
    "azure-native:network:ApplicationGateway": 6 * 60,
    "azure-native:network:NatGateway": 60,
    "azure-native:network:PrivateEndpoint": 90,
    "azure-native:network:VirtualNetwork": 15,
    "azure-native:network:Subnet": 10,
    "azure-native:keyvault:Vault": 60,
    // A key is one ARM write (RSA generation in the vault); a disk encryption set about half a minute.
    "azure-native:keyvault:Key": 10,
    "azure-native:compute:DiskEncryptionSet": 30,
    // Postgres Flexible Server: 5-10 minutes, zone-redundant HA about 15.
    "azure-native:dbforpostgresql:Server": 10 * 60,
    "azure-native:privatedns:PrivateZone": 30,
    "azure-native:privatedns:VirtualNetworkLink": 30,
    "azure-native:authorization:RoleAssignment": 10,
    "azure-native:managedidentity:UserAssignedIdentity": 10,
    // A Helm release waits for its workloads to be ready: 1-3 minutes for a controller chart.
    "kubernetes:helm.sh/v3:Release": 2 * 60,
};

/** Any other type: a plain API create (a Kubernetes object, a tag, a policy attachment). */
export const DEFAULT_CREATE_SECONDS = 2;

export function createSeconds(type: string): number {
    return CREATE_SECONDS[type] ?? DEFAULT_CREATE_SECONDS;
}

const CLUSTER = ["aws:eks/cluster:Cluster", "azure-native:containerservice:ManagedCluster"];
const NODES = ["aws:eks/nodeGroup:NodeGroup", "azure-native:containerservice:AgentPool"];

/**
 * The edges that must exist: what a resource genuinely needs before it can be created (by type;
 * `kubernetes:*` stands for every Kubernetes kind). The bound keeps only the recorded dependencies
 * of these types; every other edge the program adds is one the apply could run without.
 */
export const REQUIRED_EDGES: ReadonlyArray<{ type: string; needs: readonly string[]; why: string }> = [
    { type: "aws:ec2/subnet:Subnet", needs: ["aws:ec2/vpc:Vpc"], why: "a subnet is carved from its VPC" },
    { type: "aws:ec2/natGateway:NatGateway", needs: ["aws:ec2/subnet:Subnet", "aws:ec2/eip:Eip", "aws:ec2/internetGateway:InternetGateway"], why: "a public NAT gateway sits in a public subnet with an Elastic IP, behind the internet gateway" },
    { type: "aws:ec2/route:Route", needs: ["aws:ec2/routeTable:RouteTable", "aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway"], why: "a route points at its target" },
    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", needs: ["aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/routeTable:RouteTable"], why: "an endpoint's ENIs are in the subnets, guarded by its security group" },
    { type: "aws:eks/cluster:Cluster", needs: ["aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup", "aws:iam/role:Role", "aws:kms/key:Key", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:cloudwatch/logGroup:LogGroup"], why: "the control plane's ENIs, role, secrets key and log group" },
    { type: "aws:eks/nodeGroup:NodeGroup", needs: ["aws:eks/cluster:Cluster", "aws:ec2/launchTemplate:LaunchTemplate", "aws:iam/role:Role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:eks/addon:Addon"], why: "nodes join the cluster with their role; the CNI add-on makes them Ready" },
    { type: "aws:eks/addon:Addon", needs: ["aws:eks/cluster:Cluster", "aws:iam/role:Role", "aws:eks/nodeGroup:NodeGroup"], why: "an add-on installs into the cluster; the ones with pods need nodes" },
    { type: "aws:rds/instance:Instance", needs: ["aws:rds/subnetGroup:SubnetGroup", "aws:ec2/securityGroup:SecurityGroup", "aws:kms/key:Key", "aws:rds/parameterGroup:ParameterGroup", "aws:iam/role:Role"], why: "the database lands in its subnet group, encrypted with its key" },
    { type: "aws:rds/subnetGroup:SubnetGroup", needs: ["aws:ec2/subnet:Subnet"], why: "a subnet group lists subnets" },
    // Azure refuses concurrent writes of some children of one parent (409 AnotherOperationInProgress,
    // OperationNotAllowed): those chains are serial by the cloud, not by choice (components/azure).
    { type: "azure-native:network:Subnet", needs: ["azure-native:network:VirtualNetwork", "azure-native:network:NetworkSecurityGroup", "azure-native:network:NatGateway", "azure-native:network:Subnet"], why: "a subnet is carved from its VNet with its NSG and NAT; one subnet write at a time on a VNet" },
    { type: "azure-native:containerservice:ManagedCluster", needs: ["azure-native:network:Subnet", "azure-native:managedidentity:UserAssignedIdentity", "azure-native:authorization:RoleAssignment", "azure-native:privatedns:PrivateZone", "azure-native:compute:DiskEncryptionSet"], why: "the cluster's nodes are in the subnet, it runs as its identity with its network role; its OS disks name the disk encryption set, whose identity must already hold the key" },
    { type: "azure-native:keyvault:Key", needs: ["azure-native:keyvault:Vault", "azure-native:authorization:RoleAssignment"], why: "a key is written into its vault, as the deployer granted Crypto Officer there (the vault's RBAC governs ARM's write)" },
    { type: "azure-native:compute:DiskEncryptionSet", needs: ["azure-native:keyvault:Key"], why: "the set names a key version" },
    { type: "azure-native:authorization:RoleAssignment", needs: ["azure-native:keyvault:Key", "azure-native:compute:DiskEncryptionSet", "azure-native:managedidentity:UserAssignedIdentity", "azure-native:keyvault:Vault"], why: "a grant is scoped to its resource (a key, a disk encryption set, a vault) and names its principal" },
    { type: "azure-native:storage:StorageAccount", needs: ["azure-native:authorization:RoleAssignment", "azure-native:managedidentity:UserAssignedIdentity", "azure-native:keyvault:Key"], why: "a new account encrypted with a customer-managed key names its identity, which must already hold the key" },
    { type: "azure-native:containerservice:AgentPool", needs: ["azure-native:containerservice:ManagedCluster", "azure-native:network:Subnet", "azure-native:containerservice:AgentPool"], why: "a pool joins the cluster; AKS runs one agent pool operation at a time per cluster" },
    { type: "azure-native:managedidentity:FederatedIdentityCredential", needs: ["azure-native:managedidentity:UserAssignedIdentity", "azure-native:managedidentity:FederatedIdentityCredential", ...CLUSTER], why: "Entra refuses concurrent credential writes on one identity; the issuer is the cluster's" },
    { type: "azure-native:dbforpostgresql:Configuration", needs: ["azure-native:dbforpostgresql:Server", "azure-native:dbforpostgresql:Configuration"], why: "the server applies one parameter write at a time" },
    { type: "azure-native:network:PrivateEndpoint", needs: ["azure-native:network:Subnet", "azure-native:keyvault:Vault", "azure-native:dbforpostgresql:Server"], why: "an endpoint connects a service into a subnet" },
    { type: "azure-native:dbforpostgresql:Server", needs: ["azure-native:network:Subnet", "azure-native:privatedns:PrivateZone", "azure-native:privatedns:VirtualNetworkLink", "azure-native:keyvault:Key", "azure-native:managedidentity:UserAssignedIdentity", "azure-native:authorization:RoleAssignment"], why: "a VNet-integrated server needs its delegated subnet and linked DNS zone; with a customer-managed key, its identities must already hold their keys" },
    { type: "kubernetes:*", needs: [...CLUSTER, "kubernetes:core/v1:Namespace", "kubernetes:helm.sh/v3:Release", "aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"], why: "an object needs the API server (and the deployer's access), its namespace, and the chart that installs its CRD or webhook" },
    { type: "kubernetes:helm.sh/v3:Release", needs: [...CLUSTER, ...NODES, "aws:eks/addon:Addon", "kubernetes:core/v1:Namespace", "kubernetes:helm.sh/v3:Release", "kubernetes:core/v1:ServiceAccount", "aws:iam/role:Role", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "kubernetes:karpenter.sh/v1:NodePool", "aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"], why: "a release waits for its pods: nodes to run on (Karpenter pools for the workloads), the CNI, its identity, its namespace and the charts it builds on" },
];

function needsOf(type: string): readonly string[] {
    const exact = REQUIRED_EDGES.find((e) => e.type === type);
    if (exact) return exact.needs;
    if (type.startsWith("kubernetes:")) return REQUIRED_EDGES.find((e) => e.type === "kubernetes:*")?.needs ?? [];
    return [];
}

export interface CriticalPath {
    /** Longest chain of create durations through the recorded graph, in seconds. */
    seconds: number;
    /** The same through only the required edges: no apply of these resources can be shorter. */
    boundSeconds: number;
    /** The critical chain, first to last: URN and its create seconds. */
    path: Array<{ urn: string; type: string; seconds: number }>;
}

/** The critical path and the inherent bound of a run's custom resources. */
export function criticalPath(run: ProgramRun): CriticalPath {
    const g = new Graph(run);
    const nodes = run.resources.filter((r) => r.custom && !r.read && !r.type.startsWith("pulumi:"));
    const isNode = new Set(nodes.map((r) => r.urn));
    const finish = new Map<string, { at: number; via?: string }>();
    const bound = new Map<string, number>();
    const visit = (r: RecordedResource): { at: number; via?: string } => {
        const known = finish.get(r.urn);
        if (known) return known;
        finish.set(r.urn, { at: 0 }); // a cycle cannot exist in a Pulumi graph; guard anyway
        let best: { at: number; via?: string } = { at: 0 };
        for (const urn of g.direct(r)) {
            const dep = g.byUrn.get(urn);
            if (!dep || !isNode.has(urn)) continue;
            const f = visit(dep);
            if (f.at > best.at) best = { at: f.at, via: urn };
        }
        const out = { at: best.at + createSeconds(r.type), via: best.via };
        finish.set(r.urn, out);
        return out;
    };
    const visitBound = (r: RecordedResource): number => {
        const known = bound.get(r.urn);
        if (known !== undefined) return known;
        bound.set(r.urn, 0);
        const needs = needsOf(r.type);
        let best = 0;
        for (const urn of g.ancestors(r)) {
            const dep = g.byUrn.get(urn);
            if (!dep || !isNode.has(urn) || !needs.includes(dep.type)) continue;
            best = Math.max(best, visitBound(dep));
        }
        const out = best + createSeconds(r.type);
        bound.set(r.urn, out);
        return out;
    };
    let end: RecordedResource | undefined;
    let boundSeconds = 0;
    for (const r of nodes) {
        if (!end || visit(r).at > visit(end).at) end = r;
        boundSeconds = Math.max(boundSeconds, visitBound(r));
    }
    const path: CriticalPath["path"] = [];
    for (let urn = end?.urn; urn; urn = finish.get(urn)?.via) {
        const r = g.byUrn.get(urn) as RecordedResource;
        path.unshift({ urn, type: r.type, seconds: createSeconds(r.type) });
    }
    return { seconds: end ? visit(end).at : 0, boundSeconds, path };
}

const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

/** One line for the terminal: the estimate, the bound, and the slow steps of the chain. */
export function criticalPathLine(cp: CriticalPath): string {
    const slow = cp.path.filter((p) => p.seconds >= 60).map((p) => `${p.urn.split("::").pop()} (${minutes(p.seconds)})`);
    const ratio = cp.boundSeconds > 0 ? (cp.seconds / cp.boundSeconds).toFixed(2) : "1.00";
    return `first apply ~${minutes(cp.seconds)} on the critical path (inherent bound ${minutes(cp.boundSeconds)}, ratio ${ratio}): ${slow.join(" -> ") || "no step over a minute"}`;
}

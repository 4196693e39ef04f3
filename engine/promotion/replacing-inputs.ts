/**
 * The inputs whose change makes the provider REPLACE a resource (delete and create again, or
 * create then delete), per resource type the program registers. The npm SDKs carry no such data,
 * so it is kept here, from the providers themselves:
 *
 * - `aws:*` (pulumi-aws bridges the Terraform AWS provider): the attributes marked `ForceNew` /
 *   `RequiresReplace` in its schema, which its docs render as "forces new resource"
 *   (https://registry.terraform.io/providers/hashicorp/aws/latest/docs, source
 *   https://github.com/hashicorp/terraform-provider-aws/tree/main/internal/service).
 * - `azure-native:*`: the URL path parameters (resource group, resource name), the properties
 *   the Azure REST spec marks `x-ms-mutability: [create, read]`, and the provider's own
 *   `forceNewMap` (https://github.com/pulumi/pulumi-azure-native, provider/pkg/gen).
 * - `kubernetes:*`: `metadata.name` and `metadata.namespace` of every kind plus the per-kind list
 *   in pulumi-kubernetes `provider/pkg/provider/diff.go` (ConfigMap `data`, RoleBinding `roleRef`,
 *   StorageClass `parameters`/`provisioner` ...); a Helm release replaces on `name` and
 *   `namespace` (`forceNewFields` in `helm_release.go`).
 * - `random:*`: every argument of the random provider forces a new value
 *   (https://registry.terraform.io/providers/hashicorp/random/latest/docs).
 *
 * Paths are input paths in the SDK's camelCase (`vpcConfig.subnetIds`). A test fails when the
 * program registers a custom resource type missing here, so a new type comes with its row.
 */
export interface ReplacingInputs {
    /** Input paths whose change forces replacement. */
    inputs: readonly string[];
    /** Where the list comes from (a provider doc page or source file). */
    source: string;
    /** What else matters, e.g. an input that used to replace and no longer does. */
    note?: string;
}

const tf = (resource: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${resource}`;
const AZURE_NATIVE = "pulumi-azure-native: URL path parameters, x-ms-mutability [create, read] in azure-rest-api-specs, provider/pkg/gen forceNewMap";
const K8S_DIFF = "pulumi-kubernetes provider/pkg/provider/diff.go (forceNewProperties: metadata.name, metadata.namespace, per-kind fields)";
const K8S_META = ["metadata.name", "metadata.namespace"] as const;

export const REPLACING_INPUTS: Readonly<Record<string, ReplacingInputs>> = {
    // ---- AWS: network
    "aws:ec2/vpc:Vpc": { inputs: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"], source: tf("vpc") },
    "aws:ec2/subnet:Subnet": { inputs: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native", "outpostArn"], source: tf("subnet") },
    "aws:ec2/internetGateway:InternetGateway": { inputs: [], source: tf("internet_gateway"), note: "vpcId detaches and attaches in place" },
    "aws:ec2/eip:Eip": { inputs: ["domain", "address", "customerOwnedIpv4Pool", "networkBorderGroup", "publicIpv4Pool", "ipamPoolId"], source: tf("eip") },
    "aws:ec2/natGateway:NatGateway": { inputs: ["allocationId", "connectivityType", "privateIp", "subnetId", "availabilityMode", "vpcId"], source: tf("nat_gateway") },
    "aws:ec2/routeTable:RouteTable": { inputs: ["vpcId"], source: tf("route_table") },
    "aws:ec2/route:Route": { inputs: ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"], source: tf("route"), note: "the target (natGatewayId, gatewayId ...) changes in place" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { inputs: ["subnetId", "gatewayId"], source: tf("route_table_association"), note: "routeTableId changes in place (ReplaceRouteTableAssociation)" },
    "aws:ec2/securityGroup:SecurityGroup": { inputs: ["name", "namePrefix", "description", "vpcId"], source: tf("security_group") },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { inputs: ["vpcId"], source: tf("default_security_group") },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { inputs: ["securityGroupId"], source: tf("vpc_security_group_ingress_rule"), note: "ports, protocol and peer change in place" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { inputs: ["serviceName", "vpcId", "vpcEndpointType", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn"], source: tf("vpc_endpoint") },
    "aws:ec2/flowLog:FlowLog": {
        inputs: ["vpcId", "subnetId", "eniId", "transitGatewayId", "transitGatewayAttachmentId", "logDestination", "logDestinationType", "logFormat", "trafficType", "iamRoleArn", "deliverCrossAccountRole", "maxAggregationInterval", "destinationOptions"],
        source: tf("flow_log"),
    },
    "aws:ec2/tag:Tag": { inputs: ["resourceId", "key"], source: tf("ec2_tag") },
    "aws:ec2/launchTemplate:LaunchTemplate": { inputs: ["name", "namePrefix"], source: tf("launch_template"), note: "any other change writes a new template version in place" },
    // ---- AWS: EKS
    "aws:eks/cluster:Cluster": {
        inputs: ["name", "roleArn", "bootstrapSelfManagedAddons", "accessConfig.bootstrapClusterCreatorAdminPermissions", "kubernetesNetworkConfig.serviceIpv4Cidr", "kubernetesNetworkConfig.ipFamily", "outpostConfig", "encryptionConfig.provider.keyArn"],
        source: tf("eks_cluster"),
        note: "vpcConfig.subnetIds and securityGroupIds update in place since terraform-provider-aws 5.25 (PR #34209, EKS UpdateClusterConfig, 2023-10); an encryption config can be added to a cluster but its key never changed",
    },
    "aws:eks/nodeGroup:NodeGroup": {
        inputs: ["clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType", "capacityType", "diskSize", "instanceTypes", "remoteAccess", "launchTemplate.id", "launchTemplate.name"],
        source: tf("eks_node_group"),
        note: "launchTemplate.version, scalingConfig, labels, taints and releaseVersion update in place",
    },
    "aws:eks/addon:Addon": { inputs: ["clusterName", "addonName"], source: tf("eks_addon") },
    "aws:eks/accessEntry:AccessEntry": { inputs: ["clusterName", "principalArn", "type"], source: tf("eks_access_entry") },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { inputs: ["clusterName", "principalArn", "policyArn", "accessScope"], source: tf("eks_access_policy_association") },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": { inputs: ["clusterName", "namespace", "serviceAccount"], source: tf("eks_pod_identity_association"), note: "roleArn updates in place" },
    // ---- AWS: IAM, KMS, secrets, queues, events, logs
    "aws:iam/role:Role": { inputs: ["name", "namePrefix", "path"], source: tf("iam_role") },
    "aws:iam/rolePolicy:RolePolicy": { inputs: ["name", "namePrefix", "role"], source: tf("iam_role_policy") },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { inputs: ["role", "policyArn"], source: tf("iam_role_policy_attachment") },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { inputs: ["url"], source: tf("iam_openid_connect_provider") },
    "aws:kms/key:Key": { inputs: ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"], source: tf("kms_key") },
    "aws:kms/alias:Alias": { inputs: ["name", "namePrefix"], source: tf("kms_alias"), note: "targetKeyId updates in place" },
    "aws:secretsmanager/secret:Secret": { inputs: ["name", "namePrefix"], source: tf("secretsmanager_secret") },
    "aws:sqs/queue:Queue": { inputs: ["name", "namePrefix", "fifoQueue"], source: tf("sqs_queue") },
    "aws:sqs/queuePolicy:QueuePolicy": { inputs: ["queueUrl"], source: tf("sqs_queue_policy") },
    "aws:cloudwatch/eventRule:EventRule": { inputs: ["name", "namePrefix", "eventBusName"], source: tf("cloudwatch_event_rule") },
    "aws:cloudwatch/eventTarget:EventTarget": { inputs: ["rule", "targetId", "eventBusName"], source: tf("cloudwatch_event_target") },
    "aws:cloudwatch/logGroup:LogGroup": { inputs: ["name", "namePrefix", "logGroupClass"], source: tf("cloudwatch_log_group") },
    // ---- AWS: data
    "aws:rds/instance:Instance": {
        inputs: ["identifier", "identifierPrefix", "engine", "availabilityZone", "dbName", "kmsKeyId", "storageEncrypted", "username", "characterSetName", "ncharCharacterSetName", "timezone", "snapshotIdentifier", "restoreToPointInTime", "s3Import", "customIamInstanceProfile", "dbSubnetGroupName"],
        source: tf("db_instance"),
        note: "dbSubnetGroupName is listed as replacing on purpose: moving a database to another subnet group is a VPC move, an outage either way; instanceClass, allocatedStorage, multiAz, engineVersion, backups and deletionProtection change in place (some in the maintenance window)",
    },
    "aws:rds/subnetGroup:SubnetGroup": { inputs: ["name", "namePrefix"], source: tf("db_subnet_group") },
    "aws:rds/parameterGroup:ParameterGroup": { inputs: ["name", "namePrefix", "family", "description"], source: tf("db_parameter_group") },
    "aws:s3/bucket:Bucket": { inputs: ["bucket", "bucketPrefix", "objectLockEnabled"], source: tf("s3_bucket") },
    "aws:s3/bucketPolicy:BucketPolicy": { inputs: ["bucket"], source: tf("s3_bucket_policy") },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { inputs: ["bucket"], source: tf("s3_bucket_public_access_block") },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { inputs: ["bucket"], source: tf("s3_bucket_ownership_controls") },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { inputs: ["bucket", "expectedBucketOwner"], source: tf("s3_bucket_server_side_encryption_configuration") },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { inputs: ["bucket", "expectedBucketOwner"], source: tf("s3_bucket_lifecycle_configuration") },
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": { inputs: ["bucket", "expectedBucketOwner"], source: tf("s3_bucket_cors_configuration") },
    // ---- Azure
    "azure-native:resources:ResourceGroup": { inputs: ["resourceGroupName", "location"], source: AZURE_NATIVE },
    "azure-native:network:VirtualNetwork": { inputs: ["resourceGroupName", "virtualNetworkName", "location"], source: AZURE_NATIVE, note: "address prefixes change in place" },
    "azure-native:network:Subnet": { inputs: ["resourceGroupName", "virtualNetworkName", "subnetName"], source: AZURE_NATIVE, note: "forceNewMap: no force-news (the prefix changes in place while the subnet is empty)" },
    "azure-native:network:NetworkSecurityGroup": { inputs: ["resourceGroupName", "networkSecurityGroupName", "location"], source: AZURE_NATIVE },
    "azure-native:network:NatGateway": { inputs: ["resourceGroupName", "natGatewayName", "location", "zones", "sku"], source: AZURE_NATIVE },
    "azure-native:network:PublicIPAddress": { inputs: ["resourceGroupName", "publicIpAddressName", "location", "publicIPAddressVersion", "publicIPPrefix", "sku", "zones"], source: AZURE_NATIVE },
    "azure-native:network:PrivateEndpoint": { inputs: ["resourceGroupName", "privateEndpointName", "location", "subnet"], source: AZURE_NATIVE },
    "azure-native:network:PrivateDnsZoneGroup": { inputs: ["resourceGroupName", "privateEndpointName", "privateDnsZoneGroupName"], source: AZURE_NATIVE },
    "azure-native:network:VirtualNetworkPeering": { inputs: ["resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName", "remoteVirtualNetwork"], source: AZURE_NATIVE },
    "azure-native:privatedns:PrivateZone": { inputs: ["resourceGroupName", "privateZoneName"], source: AZURE_NATIVE },
    "azure-native:privatedns:VirtualNetworkLink": { inputs: ["resourceGroupName", "privateZoneName", "virtualNetworkLinkName", "virtualNetwork"], source: AZURE_NATIVE },
    "azure-native:containerservice:ManagedCluster": {
        inputs: ["resourceGroupName", "resourceName", "location", "dnsPrefix", "fqdnSubdomain", "nodeResourceGroup", "networkProfile", "diskEncryptionSetID", "linuxProfile", "windowsProfile", "apiServerAccessProfile.enablePrivateCluster"],
        source: AZURE_NATIVE,
        note: "forceNewMap lists networkProfile whole (pod/service CIDRs, plugin, outbound type); private-cluster mode is set only at creation",
    },
    "azure-native:containerservice:AgentPool": {
        inputs: ["resourceGroupName", "resourceName", "agentPoolName", "vmSize", "gpuInstanceProfile", "availabilityZones", "osDiskSizeGB", "osDiskType", "osType", "osSKU", "vnetSubnetID", "podSubnetID", "scaleSetPriority", "kubeletDiskType", "maxPods", "enableEncryptionAtHost", "enableFIPS", "enableNodePublicIP"],
        source: `${AZURE_NATIVE}; https://learn.microsoft.com/azure/aks/manage-node-pools (a pool's VM size, zones, OS disk and subnet are set at creation)`,
    },
    // A key's name is its identity; its size and type are fixed per version, and a changed
    // `properties` (kty, keySize, rotation policy) is written as a new version of the same key.
    "azure-native:keyvault:Key": { inputs: ["resourceGroupName", "vaultName", "keyName"], source: `${AZURE_NATIVE}; https://learn.microsoft.com/rest/api/keyvault/keyvault/keys/create-if-not-exist`, note: "ARM's create never updates an existing key (Keys - Create If Not Exist): a change of kty or keySize needs a new key name" },
    "azure-native:compute:DiskEncryptionSet": { inputs: ["resourceGroupName", "diskEncryptionSetName", "location"], source: AZURE_NATIVE, note: "activeKey changes in place (a key rotation); the disks that name the set keep it" },
    "azure-native:keyvault:Vault": { inputs: ["resourceGroupName", "vaultName", "location"], source: AZURE_NATIVE, note: "properties.tenantId changes in place but orphans every access policy" },
    "azure-native:managedidentity:UserAssignedIdentity": { inputs: ["resourceGroupName", "resourceName", "location"], source: AZURE_NATIVE },
    // The path parameters name it; issuer, subject and audiences are a PUT on the same credential (Federated Identity Credentials - Create Or Update).
    "azure-native:managedidentity:FederatedIdentityCredential": { inputs: ["resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"], source: AZURE_NATIVE },
    "azure-native:authorization:RoleAssignment": { inputs: ["scope", "roleAssignmentName", "principalId", "roleDefinitionId", "principalType"], source: `${AZURE_NATIVE} (a role assignment is immutable)` },
    "azure-native:dbforpostgresql:Server": {
        inputs: ["resourceGroupName", "serverName", "location", "administratorLogin", "network.delegatedSubnetResourceId", "network.privateDnsZoneArmResourceId", "availabilityZone", "backup.geoRedundantBackup", "createMode", "dataEncryption.type"],
        source: `${AZURE_NATIVE}; https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private (VNet integration is chosen at creation); https://learn.microsoft.com/azure/postgresql/flexible-server/security-data-encryption (the key mode is chosen at creation)`,
        note: "ARM refuses a change of dataEncryption.type rather than replacing; it is listed so that a promotion reports it (switching between service- and customer-managed keys takes a new server). Key URIs and identities change in place (a key rotation)",
    },
    "azure-native:dbforpostgresql:Configuration": { inputs: ["resourceGroupName", "serverName", "configurationName"], source: AZURE_NATIVE },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": { inputs: ["resourceGroupName", "serverName", "objectId"], source: AZURE_NATIVE },
    "azure-native:network:ApplicationGateway": { inputs: ["resourceGroupName", "applicationGatewayName", "location"], source: AZURE_NATIVE, note: "zones are chosen at creation (ARM refuses a change rather than replacing)" },
    "azure-native:network:WebApplicationFirewallPolicy": { inputs: ["resourceGroupName", "policyName", "location"], source: AZURE_NATIVE },
    "azure-native:storage:StorageAccount": { inputs: ["resourceGroupName", "accountName", "location", "extendedLocation"], source: AZURE_NATIVE, note: "isHnsEnabled and encryption.requireInfrastructureEncryption are chosen at creation; sku LRS <-> ZRS is a conversion, not an update; a customer-managed key can be added or changed in place" },
    "azure-native:storage:BlobContainer": { inputs: ["resourceGroupName", "accountName", "containerName"], source: AZURE_NATIVE },
    "azure-native:containerregistry:Registry": { inputs: ["resourceGroupName", "registryName", "location"], source: AZURE_NATIVE, note: "zoneRedundancy is chosen at creation (ARM refuses a change)" },
    "azure-native:cognitiveservices:Account": { inputs: ["resourceGroupName", "accountName", "location", "kind"], source: AZURE_NATIVE, note: "customSubDomainName cannot change once set" },
    // ---- Kubernetes
    "kubernetes:core/v1:Namespace": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:core/v1:ServiceAccount": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:core/v1:ConfigMap": { inputs: [...K8S_META, "data", "binaryData"], source: K8S_DIFF, note: "data replaces unless the provider sets enableConfigMapMutable" },
    "kubernetes:rbac.authorization.k8s.io/v1:Role": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": { inputs: [...K8S_META, "roleRef"], source: K8S_DIFF },
    "kubernetes:storage.k8s.io/v1:StorageClass": { inputs: [...K8S_META, "parameters", "provisioner"], source: K8S_DIFF },
    "kubernetes:networking.k8s.io/v1:Ingress": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:external-secrets.io/v1:ExternalSecret": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:external-secrets.io/v1:SecretStore": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:karpenter.sh/v1:NodePool": { inputs: K8S_META, source: K8S_DIFF, note: "a template change makes Karpenter drift and replace the NODES, not the NodePool" },
    "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": { inputs: K8S_META, source: K8S_DIFF, note: "a change makes Karpenter drift and replace the nodes" },
    "kubernetes:argoproj.io/v1alpha1:AppProject": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:security.istio.io/v1:PeerAuthentication": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:networking.istio.io/v1:Gateway": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:networking.istio.io/v1:VirtualService": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:monitoring.coreos.com/v1:PodMonitor": { inputs: K8S_META, source: K8S_DIFF },
    "kubernetes:helm.sh/v3:Release": { inputs: ["name", "namespace"], source: "pulumi-kubernetes provider/pkg/provider/helm_release.go (Diff: forceNewFields .name, .namespace)" },
    // ---- random
    "random:index/randomId:RandomId": { inputs: ["byteLength", "prefix", "keepers"], source: "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/id" },
    "random:index/randomString:RandomString": {
        inputs: ["length", "special", "upper", "lower", "numeric", "number", "minSpecial", "minUpper", "minLower", "minNumeric", "overrideSpecial", "keepers"],
        source: "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/string",
    },
};

/**
 * Objects that roll by design: a change gives them a new name on purpose (content-addressed), so
 * a promotion that replaces them is expected and excluded from the additive check.
 */
export const CONTENT_ADDRESSED: ReadonlyArray<{ type: string; parentType: string; why: string }> = [
    { type: "kubernetes:core/v1:ConfigMap", parentType: "splitplane:platform:GatewayConfig", why: "the gateway config's ConfigMap is named by its content hash (components/platform/gateway-config.ts): a new config is a new object, and the old one goes once the new is in place" },
];

/** Types that are not cloud resources: the stack, providers, reads and components never replace real infrastructure by input. */
export function needsReplacingInputs(type: string, custom: boolean): boolean {
    return custom && !type.startsWith("pulumi:");
}

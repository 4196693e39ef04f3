/**
 * Type tokens and their aliases. A policy keyed on one token misses the same resource registered
 * under another: `aws:alb/…` and `aws:elasticloadbalancingv2/…` are aliases of `aws:lb/…`, and
 * azure-native resources may carry an explicit API version (`azure-native:network/v20240301:…`).
 */

/**
 * Drops an azure-native API version from the module (`network/v20240301` → `network`). Versions
 * carry a suffix: `preview`, and also `privatepreview` (PostgreSQL/MySQL servers and firewall
 * rules) and `beta`, so any lower-case suffix is accepted.
 */
export function canonicalType(type: string): string {
    if (!type.startsWith("azure-native:")) return type;
    return type.replace(/^azure-native:([a-z0-9]+)\/v\d{8}[a-z]*:/i, "azure-native:$1:");
}

/**
 * Application/network load balancers, under every module token the AWS provider has used
 * (`aws:lb` aliases `elasticloadbalancingv2`, `aws:alb` aliases `applicationloadbalancing`).
 */
export const AWS_LB_TYPES = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
] as const;
/** Classic load balancers. */
export const AWS_ELB_TYPES = ["aws:elb/loadBalancer:LoadBalancer", "aws:elasticloadbalancing/loadBalancer:LoadBalancer"] as const;

export const AWS = {
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    instance: "aws:ec2/instance:Instance",
    spotInstanceRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    eip: "aws:ec2/eip:Eip",
    eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    subnet: "aws:ec2/subnet:Subnet",
    eksCluster: "aws:eks/cluster:Cluster",
    eksAddon: "aws:eks/addon:Addon",
    eksPodIdentityAssociation: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    docdbCluster: "aws:docdb/cluster:Cluster",
    redshiftCluster: "aws:redshift/cluster:Cluster",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3BucketAcl: "aws:s3/bucketAcl:BucketAcl",
    s3BucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3AccountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    iamAccessKey: "aws:iam/accessKey:AccessKey",
    iamUserLoginProfile: "aws:iam/userLoginProfile:UserLoginProfile",
    iamServiceSpecificCredential: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    iamRole: "aws:iam/role:Role",
    iamOidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    lambdaFunction: "aws:lambda/function:Function",
    ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    ebsVolume: "aws:ebs/volume:Volume",
    kmsKey: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    dynamodbTable: "aws:dynamodb/table:Table",
    efsFileSystem: "aws:efs/fileSystem:FileSystem",
} as const;

export const AZURE = {
    nsg: "azure-native:network:NetworkSecurityGroup",
    securityRule: "azure-native:network:SecurityRule",
    nic: "azure-native:network:NetworkInterface",
    vm: "azure-native:compute:VirtualMachine",
    vmss: "azure-native:compute:VirtualMachineScaleSet",
    disk: "azure-native:compute:Disk",
    postgres: "azure-native:dbforpostgresql:Server",
    mysql: "azure-native:dbformysql:Server",
    postgresFirewall: "azure-native:dbforpostgresql:FirewallRule",
    mysqlFirewall: "azure-native:dbformysql:FirewallRule",
    sqlFirewall: "azure-native:sql:FirewallRule",
    storage: "azure-native:storage:StorageAccount",
    aks: "azure-native:containerservice:ManagedCluster",
    aksPool: "azure-native:containerservice:AgentPool",
    vault: "azure-native:keyvault:Vault",
    acr: "azure-native:containerregistry:Registry",
    cosmos: "azure-native:cosmosdb:DatabaseAccount",
    serviceBus: "azure-native:servicebus:Namespace",
    eventHub: "azure-native:eventhub:Namespace",
    cognitive: "azure-native:cognitiveservices:Account",
    federatedCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    /** Microsoft Entra ID (azuread provider): credentials for app registrations. */
    adApplication: "azuread:index/application:Application",
    adApplicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
    adServicePrincipalPassword: "azuread:index/servicePrincipalPassword:ServicePrincipalPassword",
} as const;

export const HELM = {
    release: "kubernetes:helm.sh/v3:Release",
    chartV4: "kubernetes:helm.sh/v4:Chart",
} as const;

export const PROVIDERS = {
    aws: "pulumi:providers:aws",
    azureNative: "pulumi:providers:azure-native",
    azure: "pulumi:providers:azure",
    azuread: "pulumi:providers:azuread",
    kubernetes: "pulumi:providers:kubernetes",
} as const;

/** The AWS compute plane: components, and the pure functions they are built on. */
export * from "./args";
export * from "./cidr";
export * from "./tags";
export * from "./iam";
export * from "./kubeconfig";
export * from "./lb-controller-policy";
export * from "./karpenter-policy";
export * from "./karpenter-specs";
export * from "./ingress-specs";
export { KmsKey, KmsKeyArgs, kmsKeyArgsSchema } from "./kms";
export { Network, NetworkArgs, networkArgsSchema, natIndexFor, subnetRoleTags, NatStrategyName } from "./network";
export { VpcEndpoints, VpcEndpointsArgs, endpointRole, endpointServiceName } from "./endpoints";
export { EksCluster, EksClusterArgs, CONTROL_PLANE_LOG_TYPES, adminKey } from "./cluster";
export { IrsaServiceAccount, IrsaArgs, PodIdentityRole, PodIdentityArgs, IRSA_ROLE_ANNOTATION } from "./identity";
export { NODE_METADATA_OPTIONS, NODE_ROLE_POLICIES, SYSTEM_NODE_ROLE_POLICIES, SYSTEM_POOL_LABEL, SYSTEM_TAINT, SYSTEM_TOLERATIONS } from "./system-nodes";
export { Karpenter, KarpenterArgs, KARPENTER_CHART_REPO, KARPENTER_NAMESPACE } from "./karpenter";
export { KarpenterNodePool, KarpenterNodePoolArgs, needsDevicePlugin } from "./node-pools";
export { PostgresDatabase, PostgresArgs, POSTGRES_PARAMETERS, parameterFamily, autoMinorVersionUpgrade } from "./database";
export { AlbIngress, IngressArgs, LB_CONTROLLER_REPO } from "./ingress";
export { SecretStore, SecretStoreArgs } from "./secret-store";
export { awsComputePlane, AwsComputePlaneParts } from "./compute-plane";
export { ObjectStorage, ObjectStorageArgs } from "./object-storage";
export * from "./object-storage-specs";
export { BootstrapSecrets, BootstrapSecretsArgs, SecretToFill } from "./bootstrap-secrets";
export {
    ProviderCredentialsRole,
    ProviderCredentialsRoleArgs,
    PROVIDER_CREDENTIALS_ROLE_PATH,
    PROVIDER_SECRET_READ_ACTIONS,
    assumeProviderCredentialsPolicy,
    providerCredentialsReadPolicy,
    providerCredentialsRoleArn,
    providerCredentialsRoleName,
    providerCredentialsTrustPolicy,
} from "./provider-credentials";

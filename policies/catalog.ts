import type { Policies } from "@pulumi/policy";
import type { PolicyMeta, PolicyModule } from "./lib/define";
import * as awsSgNoInternetIngress from "./aws/sg-no-internet-ingress";
import * as awsDefaultSgNoRules from "./aws/default-sg-no-rules";
import * as awsNaclNoInternetAdminIngress from "./aws/nacl-no-internet-admin-ingress";
import * as awsNoPublicIpOnLaunch from "./aws/no-public-ip-on-launch";
import * as awsEksPrivateEndpoint from "./aws/eks-private-endpoint";
import * as awsEksNodegroupRemoteAccess from "./aws/eks-nodegroup-remote-access";
import * as awsDbNotPubliclyAccessible from "./aws/db-not-publicly-accessible";
import * as awsLbInternalOnly from "./aws/lb-internal-only";
import * as k8sIngressInternalOnly from "./k8s/ingress-internal-only";
import * as k8sHelmValuesNoPublicLoadBalancer from "./k8s/helm-values-no-public-load-balancer";
import * as awsS3NoPublicAccess from "./aws/s3-no-public-access";
import * as providersAwsNoStaticCredentials from "./providers/aws-no-static-credentials";
import * as awsIamNoUserCredentials from "./aws/iam-no-user-credentials";
import * as awsDbManagedMasterPassword from "./aws/db-managed-master-password";
import * as awsLambdaNoLiteralSecrets from "./aws/lambda-no-literal-secrets";
import * as awsEc2UserdataNoKeyMaterial from "./aws/ec2-userdata-no-key-material";
import * as awsEcsSecretsNotInEnvironment from "./aws/ecs-secrets-not-in-environment";
import * as awsEc2Imdsv2 from "./aws/ec2-imdsv2";
import * as awsEbsEncrypted from "./aws/ebs-encrypted";
import * as awsRdsEncryptionTls from "./aws/rds-encryption-tls";
import * as awsEksSecretsEncryption from "./aws/eks-secrets-encryption";
import * as azureNsgNoInternetInbound from "./azure/nsg-no-internet-inbound";
import * as azureNoPublicIpOnNic from "./azure/no-public-ip-on-nic";
import * as azureDbFirewallNoInternet from "./azure/db-firewall-no-internet";
import * as azureDbNoPublicNetwork from "./azure/db-no-public-network";
import * as azureStorageNoPublicAccess from "./azure/storage-no-public-access";
import * as azureAksPrivateApi from "./azure/aks-private-api";
import * as azureKeyvaultNoPublicAccess from "./azure/keyvault-no-public-access";
import * as azureStorageNoSharedKey from "./azure/storage-no-shared-key";
import * as azureAksNoLocalAccounts from "./azure/aks-no-local-accounts";
import * as azureAdNoAppPasswords from "./azure/ad-no-app-passwords";
import * as providersAzureNoClientSecret from "./providers/azure-no-client-secret";
import * as azurePostgresEntraOnly from "./azure/postgres-entra-only";
import * as azureNoLocalAuth from "./azure/no-local-auth";
import * as azureStorageTlsDiskEncryption from "./azure/storage-tls-disk-encryption";
import * as k8sServiceNoPublicLoadBalancer from "./k8s/service-no-public-load-balancer";
import * as k8sServiceNoNodePort from "./k8s/service-no-node-port";
import * as k8sServiceNoExternalIps from "./k8s/service-no-external-ips";
import * as k8sPodNoHostNetwork from "./k8s/pod-no-host-network";
import * as k8sNoLiteralCredentials from "./k8s/no-literal-credentials";
import * as k8sPodNoLiteralCredentialEnv from "./k8s/pod-no-literal-credential-env";
import * as k8sHelmValuesNoLiteralCredentials from "./k8s/helm-values-no-literal-credentials";
import * as providersKubernetesNoStaticKubeconfig from "./providers/kubernetes-no-static-kubeconfig";
import * as k8sPodNoPrivileged from "./k8s/pod-no-privileged";
import * as awsIamWebIdentityExactSubjects from "./aws/iam-web-identity-exact-subjects";
import * as azureFederatedCredentialExactSubject from "./azure/federated-credential-exact-subject";
import * as stackFederatedIdentityExactSubjects from "./stack/federated-identity-exact-subjects";
import * as stackClusterOidcIssuer from "./stack/cluster-oidc-issuer";
import * as stackNoK8sSecretData from "./stack/no-k8s-secret-data";
import * as stackProdStatefulProtected from "./stack/prod-stateful-protected";
import * as stackNoLiteralCredentialInputs from "./stack/no-literal-credential-inputs";
import * as awsNoPublicServiceEndpoints from "./aws/no-public-service-endpoints";
import * as azureNoPublicServiceEndpoints from "./azure/no-public-service-endpoints";
import * as k8sGatewayInternalOnly from "./k8s/gateway-internal-only";
import * as awsStorageEncrypted from "./aws/storage-encrypted";
import * as awsDataServicesTls from "./aws/data-services-tls";
import * as awsStorageCustomerManagedKeys from "./aws/storage-customer-managed-keys";
import * as azureDbTlsRequired from "./azure/db-tls-required";
import * as azureCustomerManagedKeys from "./azure/customer-managed-keys";
import * as k8sPodNoHostAccess from "./k8s/pod-no-host-access";
import * as anyResourceNoCredentialsByValue from "./any/resource-no-credentials-by-value";

/**
 * Every splitplane policy, in catalog order (the rows of policy-checks.md, then the
 * workload-identity resource policies, then the stack policies). This module constructs no
 * PolicyPack, so tests, the offline engine and the docs generator can import it; `./index.ts` is
 * the only place a pack is made.
 */
export const modules: readonly PolicyModule[] = [
    awsSgNoInternetIngress,
    awsDefaultSgNoRules,
    awsNaclNoInternetAdminIngress,
    awsNoPublicIpOnLaunch,
    awsEksPrivateEndpoint,
    awsEksNodegroupRemoteAccess,
    awsDbNotPubliclyAccessible,
    awsLbInternalOnly,
    k8sIngressInternalOnly,
    k8sHelmValuesNoPublicLoadBalancer,
    awsS3NoPublicAccess,
    providersAwsNoStaticCredentials,
    awsIamNoUserCredentials,
    awsDbManagedMasterPassword,
    awsLambdaNoLiteralSecrets,
    awsEc2UserdataNoKeyMaterial,
    awsEcsSecretsNotInEnvironment,
    awsEc2Imdsv2,
    awsEbsEncrypted,
    awsRdsEncryptionTls,
    awsEksSecretsEncryption,
    azureNsgNoInternetInbound,
    azureNoPublicIpOnNic,
    azureDbFirewallNoInternet,
    azureDbNoPublicNetwork,
    azureStorageNoPublicAccess,
    azureAksPrivateApi,
    azureKeyvaultNoPublicAccess,
    azureStorageNoSharedKey,
    azureAksNoLocalAccounts,
    azureAdNoAppPasswords,
    providersAzureNoClientSecret,
    azurePostgresEntraOnly,
    azureNoLocalAuth,
    azureStorageTlsDiskEncryption,
    k8sServiceNoPublicLoadBalancer,
    k8sServiceNoNodePort,
    k8sServiceNoExternalIps,
    k8sPodNoHostNetwork,
    k8sNoLiteralCredentials,
    k8sPodNoLiteralCredentialEnv,
    k8sHelmValuesNoLiteralCredentials,
    providersKubernetesNoStaticKubeconfig,
    k8sPodNoPrivileged,
    awsIamWebIdentityExactSubjects,
    azureFederatedCredentialExactSubject,
    awsNoPublicServiceEndpoints,
    azureNoPublicServiceEndpoints,
    k8sGatewayInternalOnly,
    awsStorageEncrypted,
    awsDataServicesTls,
    awsStorageCustomerManagedKeys,
    azureDbTlsRequired,
    azureCustomerManagedKeys,
    k8sPodNoHostAccess,
    anyResourceNoCredentialsByValue,
    stackFederatedIdentityExactSubjects,
    stackClusterOidcIssuer,
    stackNoK8sSecretData,
    stackNoLiteralCredentialInputs,
    stackProdStatefulProtected,
];

export const allPolicies: Policies = modules.map((m) => m.policy);

/** Catalog metadata (name, theme, level, resource types, what it flags, anchors), read by docs/policies.md's generator. */
export const catalog: readonly PolicyMeta[] = modules.map((m) => m.meta);

export const policyNames: ReadonlySet<string> = new Set(catalog.map((m) => m.name));

import { type CompiledManifest, compiledManifest } from "./compile";
import { type AwsProviderAccountDoc, awsProviderAccount } from "./schema/integrations";

/**
 * The TrueFoundry manifest that connects the control plane to this environment's Secrets Manager:
 * a `provider-account/aws` with one `integration/secret-store/aws/secrets-manager`, authenticated
 * by an IAM role the control plane assumes (no access key anywhere). Pure: the program passes
 * plain values, so the compiled text (and its hash) is the same in a preview and an up.
 */
export interface SecretsManagerAccountArgs {
    /** The provider account's name in the tenant. */
    readonly accountName: string;
    /** The integration's name inside the account. */
    readonly integrationName: string;
    /** The 12-digit account that holds the secrets and the role. */
    readonly accountId: string;
    readonly region: string;
    /** The role the control plane assumes (`assumed-role-based`). */
    readonly roleArn: string;
    /** Who may use the integration (`<user_type>:<username>`). @default none listed */
    readonly authorizedSubjects?: readonly string[];
}

/** The manifest object, checked against the derived model; throws naming each field that does not fit. */
export function awsSecretsManagerAccount(a: SecretsManagerAccountArgs): AwsProviderAccountDoc {
    const auth = { type: "assumed-role-based" as const, assumed_role_arn: a.roleArn };
    const doc = {
        type: "provider-account/aws",
        name: a.accountName,
        aws_account_id: a.accountId,
        // The account's auth is what TrueFoundry's UI fills in; the integration carries its own too, so
        // that editing the account in the UI never changes what reads the secrets.
        auth_data: auth,
        integrations: [
            {
                type: "integration/secret-store/aws/secrets-manager",
                name: a.integrationName,
                region: a.region,
                auth_data: auth,
                ...(a.authorizedSubjects && a.authorizedSubjects.length > 0 ? { authorized_subjects: [...a.authorizedSubjects] } : {}),
                // No kms_arn: it names the key TrueFoundry would encrypt secrets it creates with, and this
                // integration only reads (each secret records its own key; decrypt is granted on it).
            },
        ],
    };
    const parsed = awsProviderAccount.safeParse(doc);
    if (!parsed.success) {
        throw new Error(`provider-account/aws ${JSON.stringify(a.accountName)}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    }
    return parsed.data;
}

/** The compiled manifest (`00-provider-account-aws-<name>.yaml`), applied before the gateway config that references its secrets. */
export function compileSecretsManagerAccount(a: SecretsManagerAccountArgs, from: string): CompiledManifest {
    return compiledManifest(awsSecretsManagerAccount(a), from, 0);
}

/** The integration's FQN as secret groups and references name it: `<tenant>:aws:<account>:secret-store:<integration>`. */
export function secretStoreIntegrationFqn(tenant: string, accountName: string, integrationName: string): string {
    return `${tenant}:aws:${accountName}:secret-store:${integrationName}`;
}

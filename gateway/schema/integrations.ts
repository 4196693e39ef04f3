import { z } from "zod";
import { awsRegion } from "./catalog";
import { noSpace, ownedBy, patterned } from "./common";

/**
 * Cloud provider accounts that carry platform integrations (not models): derived from
 * TrueFoundry's model (`manifest_schemas.py`) for what splitplane generates itself, the AWS
 * account with its Secrets Manager integration, so that the manifest the program compiles is held
 * to the server's own rules (test/gateway/reference.test.ts compares field by field).
 *
 * Only keyless authentication is derived: `assumed-role-based`. The model's
 * `access-key-based` variant (a static access key in the manifest) is left out on purpose.
 */

/** `name` of a provider account and of each of its integrations, in the model. */
export const INTEGRATION_NAME_PATTERN = /^[a-z][a-z0-9\-]{1,34}[a-z0-9]$/;
const integrationName = patterned(INTEGRATION_NAME_PATTERN, "lower-case letters, digits and '-', 3–36 characters, starting with a letter");

/** @model AwsAssumedRoleBasedAuth: the control plane assumes this role; no credential in the manifest. */
export const awsAssumedRoleAuth = z.strictObject({
    type: z.literal("assumed-role-based"),
    assumed_role_arn: z.string().regex(/^arn:(aws|aws-us-gov|aws-cn):iam::[0-9]{12}:role(\/[\w+=,.@-]+)+$/, { message: "must be an IAM role ARN" }),
});

/** @model AwsSecretsManager: a secret store the control plane reads (`integration/secret-store/aws/secrets-manager`). */
export const awsSecretsManagerIntegration = z.strictObject({
    type: z.literal("integration/secret-store/aws/secrets-manager"),
    name: integrationName,
    region: awsRegion,
    auth_data: awsAssumedRoleAuth.optional(),
    authorized_subjects: z.array(z.string()).optional(),
    kms_arn: z.string().regex(/^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-fA-F0-9-]+$/, { message: "must be a KMS key ARN" }).optional(),
});

/** @model AwsProviderAccount, with the integrations splitplane generates (the Secrets Manager store). */
export const awsProviderAccount = z.strictObject({
    type: z.literal("provider-account/aws"),
    name: integrationName,
    aws_account_id: noSpace,
    auth_data: awsAssumedRoleAuth.optional(),
    integrations: z.array(awsSecretsManagerIntegration),
    ownedBy: ownedBy.optional(),
});

export type AwsProviderAccountDoc = z.infer<typeof awsProviderAccount>;

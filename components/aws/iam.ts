/**
 * IAM policy documents as plain data. Builders here are pure: they take strings (ARNs, names)
 * and return documents, so tests assert on exact statements and conditions. Components call them
 * inside `pulumi.all(...).apply(...)` and `JSON.stringify` the result.
 */

export type StringOrList = string | string[];
export type ConditionBlock = Record<string, Record<string, StringOrList>>;

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, StringOrList>;
    Action: StringOrList;
    Resource?: StringOrList;
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export const policy = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** `https://oidc.eks.<region>.amazonaws.com/id/X` → `oidc.eks.<region>.amazonaws.com/id/X`, the form IAM condition keys use. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "").replace(/\/$/, "");
}

/** The `sub` claim EKS puts in a service account token. */
export const serviceAccountSubject = (namespace: string, serviceAccount: string) => `system:serviceaccount:${namespace}:${serviceAccount}`;

/** Audience of the tokens the EKS Pod Identity webhook and IRSA exchange with STS. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/**
 * IRSA trust: only this cluster's OIDC provider, only tokens for exactly `namespace/serviceAccount`
 * and audience sts.amazonaws.com. `StringEquals`, never `StringLike`, so no wildcard can widen it.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = issuerHostPath(issuerUrl);
    return policy({
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${issuer}:sub`]: serviceAccountSubject(namespace, serviceAccount),
                [`${issuer}:aud`]: STS_AUDIENCE,
            },
        },
    });
}

/**
 * EKS Pod Identity trust, in AWS's documented form: `pods.eks.amazonaws.com` with `sts:AssumeRole`
 * and `sts:TagSession`, restricted by the session tags Pod Identity puts on the AssumeRole request
 * (`aws:RequestTag/eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`), so only
 * that service account of that cluster can use the role, whatever other association names it; and
 * `aws:SourceAccount` against a confused deputy. No `aws:SourceArn`: AWS's documented trust does
 * not say it carries the cluster ARN, and a condition on a key that is absent or holds another
 * value denies the credential exchange (Karpenter would exit at start).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html (trust policy and conditions),
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html (the session tags). The tags
 * are absent when an association sets `disableSessionTags`, which this code never does.
 */
export function podIdentityTrustPolicy(a: { accountId: string; clusterArn: string; namespace: string; serviceAccount: string }): PolicyDocument {
    return policy({
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:SourceAccount": a.accountId,
                "aws:RequestTag/eks-cluster-arn": a.clusterArn,
                "aws:RequestTag/kubernetes-namespace": a.namespace,
                "aws:RequestTag/kubernetes-service-account": a.serviceAccount,
            },
        },
    });
}

/** Trust for an AWS service principal, optionally pinned to the calling account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, actions: StringOrList = "sts:AssumeRole", sourceAccount?: string): PolicyDocument {
    return policy({
        Effect: "Allow",
        Principal: { Service: service },
        Action: actions,
        ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
    });
}

/** An AWS managed policy ARN in the given partition. */
export const managedPolicyArn = (partition: string, name: string) => `arn:${partition}:iam::aws:policy/${name}`;

/**
 * Read access to one environment's secrets: Secrets Manager secrets under `namePrefix` (plus
 * extra ARNs such as the RDS-managed master secret), and decrypt through Secrets Manager only.
 */
export function secretReadPolicy(args: { partition: string; region: string; accountId: string; namePrefix: string; kmsKeyArn: string; extraSecretArns?: string[] }): PolicyDocument {
    const prefixed = `arn:${args.partition}:secretsmanager:${args.region}:${args.accountId}:secret:${args.namePrefix}*`;
    return policy(
        {
            Sid: "ReadEnvironmentSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
            Resource: [prefixed, ...(args.extraSecretArns ?? [])],
        },
        {
            Sid: "DecryptThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } },
        },
    );
}

/**
 * A Secrets Manager secret name, as a grant names it: the characters Secrets Manager allows, no
 * IAM wildcard (`*`, `?`), no leading or doubled `/`, and not ending in `-` plus six characters,
 * which Secrets Manager would read as its own random suffix (its docs advise against such names).
 */
/** What External Secrets' AWS provider calls on one secret; none lists or writes. */
export const SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"] as const;

export const SECRET_NAME = /^(?!.*\/\/)[A-Za-z0-9_+=.@-][A-Za-z0-9/_+=.@-]*$/;
export const AMBIGUOUS_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** Why `name` cannot be granted, or undefined when it can. */
export function secretNameProblem(name: string): string | undefined {
    if (!SECRET_NAME.test(name)) return "must be a Secrets Manager name: letters, digits and /_+=.@- (no wildcard, no leading or doubled /)";
    if (AMBIGUOUS_SUFFIX.test(name)) return "must not end in '-' and six characters (Secrets Manager's own ARN suffix; the grant would be ambiguous)";
    if (name.endsWith("/")) return "must name one secret, not a folder (it ends in /)";
    return undefined;
}

/** Throws, naming the secret, unless every name can be granted and there is at least one secret. */
export function assertGrantable(names: readonly string[], idCount: number): void {
    for (const name of names) {
        const problem = secretNameProblem(name);
        if (problem) throw new Error(`secret grant ${JSON.stringify(name)} ${problem}`);
    }
    if (names.length + idCount === 0) throw new Error("a secret grant must name at least one secret");
}

/**
 * Read access to exactly the listed secrets: `<namePrefix><name>-??????` for each name (`??????`
 * matches the six random characters Secrets Manager appends to every ARN, and nothing longer, so
 * `a` never grants `a-b`), each extra ARN as given, and decrypt through Secrets Manager only.
 * See AWS Secrets Manager, "Permissions policy examples" (the `SecretName-??????` resource form);
 * the actions are those External Secrets documents for its provider (external-secrets.io,
 * "AWS Secrets Manager", IAM Policy), all read-only and all scoped to these resources.
 */
export function secretGrantPolicy(args: { partition: string; region: string; accountId: string; namePrefix: string; kmsKeyArn: string; names: readonly string[]; arns?: readonly string[] }): PolicyDocument {
    assertGrantable(args.names, (args.arns ?? []).length);
    const resources = [
        ...args.names.map((n) => `arn:${args.partition}:secretsmanager:${args.region}:${args.accountId}:secret:${args.namePrefix}${n}-??????`),
        ...(args.arns ?? []),
    ];
    return policy(
        { Sid: "ReadGrantedSecrets", Effect: "Allow", Action: [...SECRET_READ_ACTIONS], Resource: [...new Set(resources)] },
        {
            Sid: "DecryptThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } },
        },
    );
}

/** `rds-db:connect` for one database user of one instance (IAM database authentication). */
export function rdsConnectPolicy(args: { partition: string; region: string; accountId: string; dbiResourceId: string; dbUser: string }): PolicyDocument {
    return policy({
        Sid: "ConnectAsDatabaseUser",
        Effect: "Allow",
        Action: "rds-db:connect",
        Resource: `arn:${args.partition}:rds-db:${args.region}:${args.accountId}:dbuser:${args.dbiResourceId}/${args.dbUser}`,
    });
}

/**
 * The EKS cluster role's use of the Secrets encryption key. EKS itself works through the grant it
 * creates at cluster creation; the role also checks the key (kms:ListGrants, DescribeKey) for the
 * cluster's health report, which without this shows up as a stream of AccessDenied events.
 */
export function clusterKeyPolicy(keyArn: string): PolicyDocument {
    return policy({ Sid: "UseSecretsKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn });
}

/** Flow logs may write only to their own log group. */
export function flowLogWritePolicy(logGroupArn: string): PolicyDocument {
    return policy(
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [logGroupArn, `${logGroupArn}:*`] },
        // The service checks that the destination exists; DescribeLogGroups has no resource scope.
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    );
}

/**
 * A customer-managed key's policy: the account administers it through IAM (so roles need explicit
 * kms:* grants in their own policies), and the listed service principals may use it only for their
 * own encryption context (CloudWatch Logs: log groups of this account and region).
 */
export function kmsKeyPolicy(args: { partition: string; region: string; accountId: string; allowCloudWatchLogs?: boolean }): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: `arn:${args.partition}:iam::${args.accountId}:root` }, Action: "kms:*", Resource: "*" },
    ];
    if (args.allowCloudWatchLogs) {
        statements.push({
            Sid: "CloudWatchLogsOwnGroupsOnly",
            Effect: "Allow",
            Principal: { Service: `logs.${args.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:*` } },
        });
    }
    return policy(...statements);
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { awsContextSchema, input, parseArgs, tagsSchema } from "./args";
import { rdsConnectPolicy } from "./iam";
import { withName } from "./tags";

export const POSTGRES_PORT = 5432;

export const postgresArgsSchema = z.strictObject({
    context: awsContextSchema,
    vpcId: input<string>(),
    /** Database subnets (no internet route), one per AZ. */
    subnetIds: z.array(input<string>()).min(2),
    /** Security groups of the cluster's nodes and pods, by a stable key (it names the rule); the only sources admitted on 5432. */
    clientSecurityGroups: z.record(z.string().regex(/^[a-z0-9-]+$/), input<string>()).refine((r) => Object.keys(r).length > 0, { error: "must name at least one security group" }),
    /**
     * The DB instance identifier, fixed rather than generated so that the log groups RDS exports to
     * can exist, encrypted and with a retention, before RDS first writes (otherwise RDS creates
     * them itself: no customer key, kept for ever). Unique in the account and region.
     */
    identifier: z.string().regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$/, { error: "must be 2 to 63 letters, digits and single hyphens, starting with a letter" }),
    /** Key for storage, Performance Insights and (through Secrets Manager) the master secret. */
    storageKmsKeyArn: input<string>(),
    secretKmsKeyArn: input<string>(),
    /** Key for the exported log groups; its policy must admit CloudWatch Logs. */
    logKmsKeyArn: input<string>(),
    /** @default 365 */
    logRetentionDays: z.number().int().positive().default(365),
    /**
     * Major version (`17`): RDS picks the current minor and upgrades minors in the maintenance
     * window. Major.minor (`17.6`) pins the minor and turns automatic minor upgrades off.
     * @default "17"
     */
    engineVersion: z.string().regex(/^\d+(\.\d+)?$/).default("17"),
    /** @default "db.t4g.medium" */
    instanceClass: z.string().default("db.t4g.medium"),
    /** GiB; autoscaling up to 4x. @default 50 */
    allocatedStorage: z.number().int().min(20).default(50),
    /** @default 14 */
    backupRetentionDays: z.number().int().min(1).max(35).default(14),
    /** @default false */
    multiAz: z.boolean().default(false),
    /** @default false */
    deletionProtection: z.boolean().default(false),
    /**
     * Allow a change of `engineVersion` across a major version (RDS refuses one otherwise); while
     * set, modifications apply immediately, so the replaced parameter group can be deleted in the
     * same apply. @default false
     */
    allowMajorVersionUpgrade: z.boolean().default(false),
    /** Take a final snapshot on delete. @default true */
    finalSnapshot: z.boolean().default(true),
    /**
     * Start of the final snapshot's identifier; a random suffix made once per stack follows it
     * (see `finalSnapshotIdentifier`). RDS rules: a letter first, letters, digits and single
     * hyphens, no hyphen at the end.
     * @default "<name>-final"
     */
    finalSnapshotPrefix: z
        .string()
        .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,200}[a-zA-Z0-9]$/, { error: "must start with a letter and hold only letters, digits and single hyphens, not ending in one" })
        .optional(),
    /** Pulumi `protect`. @default false */
    protect: z.boolean().default(false),
    /** @default "splitplane" */
    databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/).default("splitplane"),
    /** Master user; its password is generated and kept by RDS in Secrets Manager. @default "splitplane_admin" */
    masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/).default("splitplane_admin"),
    tags: tagsSchema,
});
export type PostgresArgs = z.input<typeof postgresArgsSchema>;

/** The parameter-group family of an engine version: `17` or `17.6` → `postgres17`. */
export const parameterFamily = (engineVersion: string) => `postgres${engineVersion.split(".")[0]}`;

/**
 * Whether RDS may upgrade minor versions by itself: only when the stack names a major version.
 * A pinned minor with automatic upgrades drifts: once RDS moves to 17.7, a refresh records 17.7
 * and the next `pulumi up` asks RDS to "upgrade" back to 17.6, which it refuses. A major-only
 * version is a prefix the provider keeps matching whatever minor RDS has applied.
 */
export const autoMinorVersionUpgrade = (engineVersion: string) => !engineVersion.includes(".");

/**
 * The final snapshot's identifier: the prefix and a suffix drawn once, when the stack first
 * creates the database. A fixed name works once: destroy the stack, bring it back under the same
 * name, destroy it again, and RDS refuses the second delete (DBSnapshotAlreadyExists), leaving the
 * instance in place. A new stack draws a new suffix.
 */
export const finalSnapshotIdentifier = (prefix: string, suffixHex: string) => `${prefix}-${suffixHex}`;

/** Logs the instance exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** The log group RDS writes an instance's exported log to. */
export const rdsLogGroupName = (identifier: string, log: string) => `/aws/rds/instance/${identifier}/${log}`;

/** Parameters set on every instance: TLS only, and connection logging for audits. */
export const POSTGRES_PARAMETERS = [
    { name: "rds.force_ssl", value: "1" },
    { name: "log_connections", value: "1" },
    { name: "log_disconnections", value: "1" },
];

/**
 * RDS PostgreSQL in private database subnets. No password ever passes through code or state:
 * RDS generates the master password and keeps it in Secrets Manager (`manageMasterUserPassword`),
 * and applications log in with IAM database authentication (`rds-db:connect`).
 */
export class PostgresDatabase extends pulumi.ComponentResource {
    readonly instance: aws.rds.Instance;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly address: pulumi.Output<string>;
    /** ARN of the RDS-managed master-user secret, for secret sync. */
    readonly masterSecretArn: pulumi.Output<string>;
    /** The database created in the instance (its `dbName`). */
    readonly databaseName: string;
    private readonly context: z.output<typeof awsContextSchema>;

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(postgresArgsSchema, args, "splitplane:aws:PostgresDatabase", name);
        super("splitplane:aws:PostgresDatabase", name, {}, opts);
        const child = { parent: this };
        this.context = a.context;
        this.databaseName = a.databaseName;

        const subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, { subnetIds: a.subnetIds, description: "splitplane database subnets (no internet route)", tags: a.tags }, child);
        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: a.vpcId, description: "PostgreSQL: 5432 from the cluster's nodes and pods only", tags: withName(a.tags, `${name}-postgres`) },
            child,
        );
        for (const [key, sg] of Object.entries(a.clientSecurityGroups)) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-from-${key}`,
                { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT, referencedSecurityGroupId: sg, description: `PostgreSQL from ${key}` },
                child,
            );
        }
        const parameters = new aws.rds.ParameterGroup(
            `${name}-params`,
            { family: parameterFamily(a.engineVersion), description: "splitplane: TLS only", parameters: POSTGRES_PARAMETERS, tags: a.tags },
            child,
        );

        // Created before the instance: RDS writes into them instead of making its own.
        const logGroups = POSTGRES_LOG_EXPORTS.map(
            (log) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-log-${log}`,
                    { name: rdsLogGroupName(a.identifier, log), retentionInDays: a.logRetentionDays, kmsKeyId: a.logKmsKeyArn, tags: a.tags },
                    { parent: this, protect: a.protect },
                ),
        );
        // Child name is part of the snapshot's identity: renaming it draws a new suffix.
        const snapshotSuffix = a.finalSnapshot ? new random.RandomId(`${name}-final-snapshot`, { byteLength: 4 }, child) : undefined;
        this.instance = new aws.rds.Instance(
            `${name}-postgres`,
            {
                identifier: a.identifier,
                engine: "postgres",
                engineVersion: a.engineVersion,
                instanceClass: a.instanceClass,
                dbName: a.databaseName,
                username: a.masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: a.secretKmsKeyArn,
                iamDatabaseAuthenticationEnabled: true,
                allocatedStorage: a.allocatedStorage,
                maxAllocatedStorage: a.allocatedStorage * 4,
                storageType: "gp3",
                storageEncrypted: true,
                kmsKeyId: a.storageKmsKeyArn,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                publiclyAccessible: false,
                parameterGroupName: parameters.name,
                multiAz: a.multiAz,
                backupRetentionPeriod: a.backupRetentionDays,
                copyTagsToSnapshot: true,
                deletionProtection: a.deletionProtection,
                skipFinalSnapshot: !a.finalSnapshot,
                ...(snapshotSuffix ? { finalSnapshotIdentifier: snapshotSuffix.hex.apply((h) => finalSnapshotIdentifier(a.finalSnapshotPrefix ?? `${name}-final`, h)) } : {}),
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: a.storageKmsKeyArn,
                performanceInsightsRetentionPeriod: 7,
                enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
                autoMinorVersionUpgrade: autoMinorVersionUpgrade(a.engineVersion),
                // A major upgrade moves to a new parameter group family: RDS needs the flag, and the old
                // group is still attached (so cannot be deleted) until the change is applied.
                allowMajorVersionUpgrade: a.allowMajorVersionUpgrade,
                ...(a.allowMajorVersionUpgrade ? { applyImmediately: true } : {}),
                caCertIdentifier: "rds-ca-rsa2048-g1",
                tags: a.tags,
            },
            // A fixed identifier cannot be replaced create-first: a change that forces replacement fails
            // (DBInstanceAlreadyExists) instead of deleting the database; that is intended.
            { parent: this, protect: a.protect, dependsOn: logGroups },
        );
        this.address = this.instance.address;
        this.masterSecretArn = this.instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn) throw new Error(`splitplane:aws:PostgresDatabase "${name}": RDS reported no managed master secret`);
            return arn;
        });
        this.registerOutputs({ address: this.address, masterSecretArn: this.masterSecretArn });
    }

    /** An IAM policy (JSON) that lets its holder log in as `dbUser` with an IAM token; give it to an IRSA role. */
    connectPolicy(dbUser: string): pulumi.Output<string> {
        return pulumi
            .all([this.context.partition, this.context.region, this.context.accountId, this.instance.resourceId])
            .apply(([partition, region, accountId, dbiResourceId]) => JSON.stringify(rdsConnectPolicy({ partition, region, accountId, dbiResourceId, dbUser })));
    }
}

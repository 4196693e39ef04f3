import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { ProdConfig, prodEvidence } from "../lib/environment";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AWS, AZURE, canonicalType } from "../lib/types";

type Check = (scan: Scan, props: unknown) => string[];

/** A final snapshot is taken on delete: not skipped, and named. */
const finalSnapshot: Check = (scan, props) => {
    const skip = scan.get(props, "skipFinalSnapshot");
    if (skip === UNSEEN) return [];
    if (skip === true) return ["a final snapshot (skipFinalSnapshot is true)"];
    // Only presence matters: a name computed from another output (a random suffix) is still a name.
    const id = scan.peek(props, "finalSnapshotIdentifier");
    return id === UNSEEN || (typeof id === "string" && id !== "") ? [] : ["a final snapshot (finalSnapshotIdentifier is unset)"];
};
const flagTrue = (field: string): Check => (scan, props) => {
    const v = scan.get(props, field);
    return v === true || v === UNSEEN ? [] : [`${field}: true`];
};
const both = (...checks: Check[]): Check => (scan, props) => checks.flatMap((c) => c(scan, props));
const none: Check = () => [];

/** Stateful resource types and what protects each beyond Pulumi's `protect`. */
const STATEFUL: Record<string, Check> = {
    [AWS.rdsInstance]: (scan, props) => (scan.peek(props, "replicateSourceDb") !== undefined ? flagTrue("deletionProtection")(scan, props) : both(flagTrue("deletionProtection"), finalSnapshot)(scan, props)),
    [AWS.rdsCluster]: both(flagTrue("deletionProtection"), finalSnapshot),
    [AWS.docdbCluster]: both(flagTrue("deletionProtection"), finalSnapshot),
    [AWS.redshiftCluster]: finalSnapshot,
    [AWS.dynamodbTable]: flagTrue("deletionProtectionEnabled"),
    [AWS.efsFileSystem]: none,
    [AWS.s3Bucket]: (scan, props) => (scan.get(props, "forceDestroy") === true ? ["forceDestroy off"] : []),
    [AWS.s3BucketV2]: (scan, props) => (scan.get(props, "forceDestroy") === true ? ["forceDestroy off"] : []),
    [AWS.kmsKey]: none,
    [AWS.secret]: (scan, props) => (scan.get(props, "recoveryWindowInDays") === 0 ? ["a recovery window (recoveryWindowInDays is 0)"] : []),
    [AWS.eksCluster]: none,
    [AWS.logGroup]: none,
    [AZURE.postgres]: none,
    [AZURE.mysql]: none,
    [AZURE.storage]: none,
    [AZURE.aks]: none,
    [AZURE.cosmos]: none,
    [AZURE.vault]: (scan, props) => {
        const purge = scan.at(props, "properties", "enablePurgeProtection");
        return purge === true || purge === UNSEEN ? [] : ["properties.enablePurgeProtection: true"];
    },
};

/**
 * Stack policy for production: every stateful resource survives a mistaken `destroy` or a
 * replacement. Pulumi `protect` on all of them, plus the cloud's own guard where there is one
 * (deletion protection, a final snapshot, purge protection). Applies only where the stack is
 * known to be prod (see ../lib/environment): with no config at all, a stack named `prod` or
 * tagged so; a program checked on its own is not blocked for being unprotected.
 */
export const { meta, policy } = stackPolicy(
    {
        name: "stack-prod-stateful-protected",
        title: "Stateful resources are protected in prod",
        theme: "H",
        level: "mandatory",
        severity: "high",
        kind: "stack",
        checks: [],
        resourceTypes: Object.keys(STATEFUL),
        flags: "In a stack known to be prod (its `splitplane:environment`, a `splitplane:environment`/`environment` stack tag, or a stack named `prod`/`*-prod`), a database, bucket, table, file system, KMS key, secret, log group, cluster, storage account or key vault without Pulumi `protect`, or without its deletion protection / final snapshot / purge protection.",
        anchors: ["CKV_AWS_293", "CKV_AWS_139", "CKV_AZURE_42"],
        remediation: "splitplane's components protect stateful resources when `environment: prod`; set `protect: true`, `deletionProtection: true` and a `finalSnapshotIdentifier`.",
    },
    ({ resources, flag, config, args }, scan) => {
        const evidence = prodEvidence(config as ProdConfig, args.stackTags, resources);
        if (evidence === undefined) return args.notApplicable("not known to be a prod stack (no splitplane:environment prod in the policy config, no prod stack tag, no prod stack name)");
        for (const r of resources) {
            // azure-native resources may be registered under an API-versioned token.
            const check = STATEFUL[canonicalType(r.type)];
            if (!check) continue;
            const missing = [...(r.opts.protect ? [] : ["Pulumi protect"]), ...check(scan, r.props)];
            if (missing.length > 0) flag(r, `${describe(r)} is stateful and lacks ${missing.join(", ")} (prod: ${evidence})`);
        }
    },
    {
        config: {
            environment: { type: "string", description: "The stack's splitplane:environment (written by packConfigFor); prod makes this policy apply." },
            enforced: { type: "boolean", default: false, description: "Apply whatever the environment (splitplane:policy.enforce lists this policy)." },
        },
    },
);

function describe(r: PolicyResource): string {
    const kind = r.type.split(":").pop() ?? r.type;
    return `${kind} '${asString(r.name) ?? r.urn}'`;
}

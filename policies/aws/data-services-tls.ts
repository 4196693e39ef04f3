import { Case, tablePolicy } from "../lib/define";
import { asString, Scan, UNSEEN } from "../lib/scan";

/**
 * TLS on every AWS data service beyond RDS (whose parameter groups are `aws-rds-encryption-tls`'s):
 * a setting that lets clients or nodes talk in plaintext, including a parameter group that turns
 * TLS off. Mandatory, like encryption at rest: plaintext is the defect, whether by default or by
 * an explicit setting.
 */

/** The value of parameter `name` in a parameter group's `parameters`, UNSEEN, or undefined. */
function parameter(scan: Scan, props: unknown, name: string): string | undefined | typeof UNSEEN {
    let value: string | undefined | typeof UNSEEN;
    for (const p of scan.list(props, "parameters")) {
        if (scan.get(p, "name") !== name) continue;
        const v = scan.get(p, "value");
        value = v === UNSEEN ? UNSEEN : String(v);
    }
    return value;
}

const CASES: Case[] = [
    {
        id: "elasticache-in-transit",
        resourceTypes: ["aws:elasticache/replicationGroup:ReplicationGroup"],
        flags: "A replication group whose `transitEncryptionEnabled` is not true (absent means false), or whose `transitEncryptionMode` is `preferred` (plaintext clients still accepted).",
        anchors: ["CKV_AWS_30"],
        judge: (props, scan) => {
            const v = scan.get(props, "transitEncryptionEnabled");
            if (v !== true && v !== UNSEEN) scan.flag(`transitEncryptionEnabled is ${v === undefined ? "absent (false)" : String(v)}: clients connect in plaintext`);
            if (asString(scan.get(props, "transitEncryptionMode")) === "preferred") scan.flag("transitEncryptionMode is preferred: plaintext connections are still accepted; use required");
        },
    },
    {
        id: "msk-in-transit",
        resourceTypes: ["aws:msk/cluster:Cluster"],
        flags: "An MSK cluster whose `encryptionInfo.encryptionInTransit.clientBroker` is PLAINTEXT or TLS_PLAINTEXT (the default is TLS), or whose `inCluster` is false.",
        anchors: ["CKV_AWS_80"],
        judge: (props, scan) => {
            const transit = scan.at(props, "encryptionInfo", "encryptionInTransit");
            if (transit === UNSEEN || transit === undefined) return;
            const mode = asString(scan.get(transit, "clientBroker"));
            if (mode === "PLAINTEXT" || mode === "TLS_PLAINTEXT") scan.flag(`encryptionInfo.encryptionInTransit.clientBroker is ${mode}: clients may connect in plaintext`);
            if (scan.get(transit, "inCluster") === false) scan.flag("encryptionInfo.encryptionInTransit.inCluster is false: brokers replicate in plaintext");
        },
    },
    {
        id: "opensearch-in-transit",
        resourceTypes: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
        flags: "An OpenSearch or Elasticsearch domain without `domainEndpointOptions.enforceHttps: true` or without `nodeToNodeEncryption.enabled: true` (both default to false).",
        anchors: ["CKV_AWS_83", "CKV_AWS_6"],
        judge: (props, scan) => {
            const https = scan.at(props, "domainEndpointOptions", "enforceHttps");
            if (https !== true && https !== UNSEEN) scan.flag(`domainEndpointOptions.enforceHttps is ${https === undefined ? "absent (false)" : String(https)}: clients may use plain HTTP`);
            const n2n = scan.at(props, "nodeToNodeEncryption", "enabled");
            if (n2n !== true && n2n !== UNSEEN) scan.flag(`nodeToNodeEncryption.enabled is ${n2n === undefined ? "absent (false)" : String(n2n)}: nodes talk in plaintext`);
        },
    },
    {
        id: "docdb-parameter-group",
        resourceTypes: ["aws:docdb/clusterParameterGroup:ClusterParameterGroup"],
        flags: "A DocumentDB cluster parameter group that sets `tls` to `disabled` (TLS is on by default).",
        anchors: ["CKV_AWS_90"],
        judge: (props, scan) => {
            const v = parameter(scan, props, "tls");
            if (typeof v === "string" && v.toLowerCase() === "disabled") scan.flag("parameter tls is disabled: clients connect in plaintext");
        },
    },
    {
        id: "redshift-parameter-group",
        resourceTypes: ["aws:redshift/parameterGroup:ParameterGroup"],
        flags: "A Redshift parameter group without `require_ssl` = true (absent means false: plaintext connections are accepted).",
        anchors: ["CKV_AWS_105"],
        judge: (props, scan) => {
            const v = parameter(scan, props, "require_ssl");
            if (v === UNSEEN || v?.toLowerCase() === "true") return;
            scan.flag(`parameter require_ssl is ${v ?? "absent (false)"}: clients may connect without TLS`);
        },
    },
    {
        id: "rds-proxy",
        resourceTypes: ["aws:rds/proxy:Proxy"],
        flags: "An RDS Proxy whose `requireTls` is not true (absent means false).",
        anchors: ["splitplane rule (TLS-only databases)"],
        judge: (props, scan) => {
            const v = scan.get(props, "requireTls");
            if (v !== true && v !== UNSEEN) scan.flag(`requireTls is ${v === undefined ? "absent (false)" : String(v)}: clients may connect to the proxy without TLS`);
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "aws-data-services-tls",
        title: "AWS data services require TLS",
        theme: "H",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [],
        flags: "AWS data services that accept plaintext: ElastiCache without in-transit encryption, MSK with plaintext client or broker traffic, OpenSearch without enforced HTTPS or node-to-node encryption, DocumentDB and Redshift parameter groups that do not require TLS, RDS Proxy without `requireTls`. RDS and Aurora parameter groups (`rds.force_ssl`, `require_secure_transport`) are `aws-rds-encryption-tls`'s. Each check is listed below.",
        remediation: "Require TLS on the service (`transitEncryptionEnabled: true`, `clientBroker: TLS`, `enforceHttps: true`, `require_ssl = true`, `requireTls: true`) and connect with certificate verification.",
    },
    CASES,
);

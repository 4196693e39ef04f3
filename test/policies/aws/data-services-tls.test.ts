import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/data-services-tls";
import { check, Judged, UNKNOWN } from "../harness";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const MSK = "aws:msk/cluster:Cluster";
const SEARCH = "aws:opensearch/domain:Domain";
const msk = (encryptionInTransit: unknown) => ({ kafkaVersion: "3.6.0", numberOfBrokerNodes: 3, brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["subnet-1"] }, encryptionInfo: { encryptionInTransit } });

describe("aws-data-services-tls", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: RG, name: "redis-plain", props: { description: "c", atRestEncryptionEnabled: true } },
            { type: RG, name: "redis-preferred", props: { description: "c", transitEncryptionEnabled: true, transitEncryptionMode: "preferred" } },
            { type: RG, name: "redis-tls", props: { description: "c", transitEncryptionEnabled: true, transitEncryptionMode: "required" } },
            { type: RG, name: "redis-unknown", props: { description: "c", transitEncryptionEnabled: UNKNOWN } },
            { type: MSK, name: "msk-plain", props: msk({ clientBroker: "TLS_PLAINTEXT", inCluster: false }) },
            { type: MSK, name: "msk-tls", props: msk({ clientBroker: "TLS", inCluster: true }) },
            { type: SEARCH, name: "search-default", props: { domainName: "logs" } },
            { type: SEARCH, name: "search-tls", props: { domainName: "logs", domainEndpointOptions: { enforceHttps: true }, nodeToNodeEncryption: { enabled: true } } },
            { type: "aws:docdb/clusterParameterGroup:ClusterParameterGroup", name: "docdb-off", props: { family: "docdb5.0", parameters: [{ name: "tls", value: "disabled" }] } },
            { type: "aws:docdb/clusterParameterGroup:ClusterParameterGroup", name: "docdb-default", props: { family: "docdb5.0", parameters: [{ name: "audit_logs", value: "enabled" }] } },
            { type: "aws:redshift/parameterGroup:ParameterGroup", name: "redshift-default", props: { family: "redshift-1.0" } },
            { type: "aws:redshift/parameterGroup:ParameterGroup", name: "redshift-ssl", props: { family: "redshift-1.0", parameters: [{ name: "require_ssl", value: "true" }] } },
            { type: "aws:rds/proxy:Proxy", name: "proxy-default", props: { engineFamily: "POSTGRESQL", roleArn: "r", vpcSubnetIds: ["s"], auths: [] } },
            { type: "aws:elasticache/subnetGroup:SubnetGroup", name: "subnets", props: { subnetIds: ["s"] } },
        ]);
    });
    it("flags ElastiCache without in-transit encryption, or in preferred mode", () => {
        expect(j.messages("redis-plain")).toEqual(["transitEncryptionEnabled is absent (false): clients connect in plaintext"]);
        expect(j.of("redis-plain")[0].enforcementLevel).toBe("mandatory");
        expect(j.messages("redis-preferred")).toEqual(["transitEncryptionMode is preferred: plaintext connections are still accepted; use required"]);
        expect(j.outcome("redis-tls")).toBe("pass");
    });
    it("flags MSK plaintext client or broker traffic", () => {
        expect(j.messages("msk-plain")).toEqual(["encryptionInfo.encryptionInTransit.clientBroker is TLS_PLAINTEXT: clients may connect in plaintext", "encryptionInfo.encryptionInTransit.inCluster is false: brokers replicate in plaintext"]);
        expect(j.outcome("msk-tls")).toBe("pass");
    });
    it("flags OpenSearch without enforced HTTPS and node-to-node encryption (both default off)", () => {
        expect(j.messages("search-default")).toHaveLength(2);
        expect(j.outcome("search-tls")).toBe("pass");
    });
    it("flags parameter groups that turn TLS off (DocumentDB) or do not require it (Redshift), and RDS Proxy without requireTls", () => {
        expect(j.messages("docdb-off")).toEqual(["parameter tls is disabled: clients connect in plaintext"]);
        expect(j.outcome("docdb-default")).toBe("pass");
        expect(j.messages("redshift-default")).toEqual(["parameter require_ssl is absent (false): clients may connect without TLS"]);
        expect(j.outcome("redshift-ssl")).toBe("pass");
        expect(j.outcome("proxy-default")).toBe("violation");
    });
    it("reports an unknown flag as unknown", () => expect(j.outcome("redis-unknown")).toBe("unknown"));
    it("is not applicable to subnet groups", () => expect(j.outcome("subnets")).toBe("not-applicable"));
});

import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/no-public-service-endpoints";
import { check, Judged, UNKNOWN } from "../harness";

const URL = "aws:lambda/functionUrl:FunctionUrl";
const REST = "aws:apigateway/restApi:RestApi";
const RUNNER = "aws:apprunner/service:Service";
const SEARCH = "aws:opensearch/domain:Domain";
const MSK = "aws:msk/cluster:Cluster";
const DMS = "aws:dms/replicationInstance:ReplicationInstance";
const PORTS = "aws:lightsail/instancePublicPorts:InstancePublicPorts";
const TRANSFER = "aws:transfer/server:Server";
const msk = (publicAccess?: unknown) => ({ kafkaVersion: "3.6.0", numberOfBrokerNodes: 3, brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["subnet-1"], connectivityInfo: publicAccess === undefined ? undefined : { publicAccess: { type: publicAccess } } } });
const runner = (isPubliclyAccessible?: unknown) => ({ serviceName: "api", sourceConfiguration: {}, networkConfiguration: isPubliclyAccessible === undefined ? undefined : { ingressConfiguration: { isPubliclyAccessible } } });

describe("aws-no-public-service-endpoints", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: URL, name: "url-open", props: { functionName: "f", authorizationType: "NONE" } },
            { type: URL, name: "url-iam", props: { functionName: "f", authorizationType: "AWS_IAM" } },
            { type: URL, name: "url-unknown", props: { functionName: "f", authorizationType: UNKNOWN } },
            { type: REST, name: "rest-default", props: { name: "api" } },
            { type: REST, name: "rest-regional", props: { name: "api", endpointConfiguration: { types: "REGIONAL" } } },
            { type: REST, name: "rest-private", props: { name: "api", endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: ["vpce-1"] } } },
            { type: REST, name: "rest-private-list", props: { name: "api", endpointConfiguration: { types: ["PRIVATE"] } } },
            { type: REST, name: "rest-unknown", props: { name: "api", endpointConfiguration: { types: UNKNOWN } } },
            { type: "aws:apigatewayv2/api:Api", name: "http-api", props: { protocolType: "HTTP", disableExecuteApiEndpoint: true } },
            { type: RUNNER, name: "runner-default", props: runner() },
            { type: RUNNER, name: "runner-private", props: runner(false) },
            { type: SEARCH, name: "search-public", props: { domainName: "logs" } },
            { type: "aws:elasticsearch/domain:Domain", name: "es-empty-vpc", props: { domainName: "logs", vpcOptions: { subnetIds: [] } } },
            { type: SEARCH, name: "search-vpc-new-subnet", props: { domainName: "logs", vpcOptions: { subnetIds: [UNKNOWN] } } },
            { type: MSK, name: "msk-public", props: msk("SERVICE_PROVIDED_EIPS") },
            { type: MSK, name: "msk-private", props: msk("DISABLED") },
            { type: MSK, name: "msk-default", props: msk() },
            { type: "aws:mq/broker:Broker", name: "mq-public", props: { engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.m5.large", publiclyAccessible: true } },
            { type: DMS, name: "dms-default", props: { replicationInstanceClass: "dms.t3.micro", replicationInstanceId: "r" } },
            { type: DMS, name: "dms-private", props: { replicationInstanceClass: "dms.t3.micro", replicationInstanceId: "r", publiclyAccessible: false } },
            { type: "aws:redshiftserverless/workgroup:Workgroup", name: "wg-public", props: { namespaceName: "n", workgroupName: "w", publiclyAccessible: true } },
            { type: "aws:lightsail/instance:Instance", name: "lightsail", props: { availabilityZone: "eu-west-1a", blueprintId: "ubuntu_22_04", bundleId: "nano_3_0" } },
            { type: PORTS, name: "ports-default", props: { instanceName: "i", portInfos: [{ protocol: "tcp", fromPort: 22, toPort: 22 }] } },
            { type: PORTS, name: "ports-office", props: { instanceName: "i", portInfos: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["203.0.113.0/24"] }] } },
            { type: TRANSFER, name: "sftp-default", props: { protocols: ["SFTP"] } },
            { type: TRANSFER, name: "sftp-eips", props: { endpointType: "VPC", endpointDetails: { vpcId: "vpc-1", subnetIds: ["subnet-1"], addressAllocationIds: ["eipalloc-1"] } } },
            { type: TRANSFER, name: "sftp-vpc", props: { endpointType: "VPC", endpointDetails: { vpcId: "vpc-1", subnetIds: ["subnet-1"] } } },
            { type: "aws:ecs/service:Service", name: "ecs-public-ip", props: { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } } },
            { type: "aws:appsync/graphQLApi:GraphQLApi", name: "appsync-global", props: { authenticationType: "AWS_IAM" } },
            { type: "aws:appsync/graphQLApi:GraphQLApi", name: "appsync-private", props: { authenticationType: "AWS_IAM", visibility: "PRIVATE" } },
            { type: "aws:cloudfront/distribution:Distribution", name: "cdn", props: { enabled: true } },
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { description: "c" } },
        ]);
    });

    it("flags a function URL without auth, and passes IAM auth", () => {
        expect(j.messages("url-open")).toEqual(["authorizationType is NONE: anyone on the internet can invoke the function through its URL; use AWS_IAM"]);
        expect(j.of("url-open")[0].enforcementLevel).toBe("mandatory");
        expect(j.outcome("url-iam")).toBe("pass");
    });
    it("flags REST APIs that are not PRIVATE (absent is EDGE) and passes private ones in either spelling", () => {
        expect(j.messages("rest-default")).toEqual(["endpointConfiguration.types is absent (EDGE): the API is served on a public endpoint; use PRIVATE with a VPC endpoint"]);
        expect(j.messages("rest-regional")).toEqual([expect.stringContaining("endpointConfiguration.types is REGIONAL")]);
        expect(j.outcome("rest-private")).toBe("pass");
        expect(j.outcome("rest-private-list")).toBe("pass");
    });
    it("flags every HTTP/WebSocket API, even with the execute-api endpoint disabled", () => expect(j.outcome("http-api")).toBe("violation"));
    it("flags App Runner services unless ingress is private (absent means public)", () => {
        expect(j.messages("runner-default")).toEqual([expect.stringContaining("isPubliclyAccessible is absent (public)")]);
        expect(j.outcome("runner-private")).toBe("pass");
    });
    it("flags OpenSearch/Elasticsearch domains outside a VPC; a new subnet (unknown id) still counts", () => {
        expect(j.outcome("search-public")).toBe("violation");
        expect(j.outcome("es-empty-vpc")).toBe("violation");
        expect(j.outcome("search-vpc-new-subnet")).toBe("pass");
    });
    it("flags public MSK brokers and MQ brokers", () => {
        expect(j.messages("msk-public")).toEqual(["brokerNodeGroupInfo.connectivityInfo.publicAccess.type is SERVICE_PROVIDED_EIPS: the brokers get public addresses"]);
        expect(j.outcome("msk-private")).toBe("pass");
        expect(j.outcome("msk-default")).toBe("pass");
        expect(j.outcome("mq-public")).toBe("violation");
    });
    it("flags a DMS instance with publiclyAccessible absent (the API defaults it to true)", () => {
        expect(j.messages("dms-default")).toEqual(["publiclyAccessible is absent (DMS defaults it to true): the replication instance gets a public address"]);
        expect(j.outcome("dms-private")).toBe("pass");
        expect(j.outcome("wg-public")).toBe("violation");
    });
    it("flags Lightsail instances and ports open to any address", () => {
        expect(j.outcome("lightsail")).toBe("violation");
        expect(j.messages("ports-default")).toEqual(["portInfos[0] is open to any address (no cidrs given)"]);
        expect(j.outcome("ports-office")).toBe("pass");
    });
    it("flags public Transfer servers (absent is PUBLIC) and VPC endpoints with Elastic IPs", () => {
        expect(j.messages("sftp-default")).toEqual([expect.stringContaining("endpointType is absent (PUBLIC)")]);
        expect(j.messages("sftp-eips")).toEqual(["endpointDetails.addressAllocationIds attach Elastic IPs: the VPC endpoint is internet-facing"]);
        expect(j.outcome("sftp-vpc")).toBe("pass");
    });
    it("flags ECS tasks with public IPs, global AppSync APIs and CloudFront", () => {
        expect(j.outcome("ecs-public-ip")).toBe("violation");
        expect(j.outcome("appsync-global")).toBe("violation");
        expect(j.outcome("appsync-private")).toBe("pass");
        expect(j.outcome("cdn")).toBe("violation");
    });
    it("reports unknown values as unknown", () => {
        expect(j.outcome("url-unknown")).toBe("unknown");
        expect(j.outcome("rest-unknown")).toBe("unknown");
    });
    it("is not applicable to services with no public endpoint (ElastiCache)", () => expect(j.outcome("cache")).toBe("not-applicable"));
    it("lists every check in the catalog with its own types and anchors", () => {
        expect(p.meta.cases?.map((c) => c.id)).toContain("lambda-function-url");
        expect(new Set(p.meta.resourceTypes)).toEqual(new Set(p.meta.cases!.flatMap((c) => c.resourceTypes)));
    });
});

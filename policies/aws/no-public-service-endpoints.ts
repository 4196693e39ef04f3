import { Case, tablePolicy } from "../lib/define";
import { isInternetSource } from "../lib/net";
import { asString, Scan, UNSEEN } from "../lib/scan";

/**
 * Theme I beyond security groups and load balancers: the AWS services that put a listener on
 * the internet themselves (a function URL, an API, a broker's public endpoint). One table, one
 * row per check; each row judges what the service's own API takes as "public", with the
 * service's default when the input is absent (missing is not safe where AWS defaults to public).
 *
 * Deliberately not here: ElastiCache, MemoryDB, DAX, RDS Proxy and EFS have no public endpoint;
 * RDS, Aurora and Redshift clusters are `aws-db-not-publicly-accessible`'s; instance, launch
 * template and launch configuration public IPs are `aws-no-public-ip-on-launch`'s; Client VPN
 * endpoints are the authenticated way in to a private network (docs/aws.md), not an exposure.
 */

/** `holder[key] === true`, read strictly (an unknown flag is reported as unknown). */
function isTrue(scan: Scan, holder: unknown, key: string): boolean {
    return scan.get(holder, key) === true;
}

const always = (message: string) => (_props: unknown, scan: Scan) => scan.flag(message);

const CASES: Case[] = [
    {
        id: "lambda-function-url",
        resourceTypes: ["aws:lambda/functionUrl:FunctionUrl"],
        flags: "A Lambda function URL with `authorizationType: NONE` (anyone who has the URL invokes the function).",
        anchors: ["CKV_AWS_258"],
        judge: (props, scan) => {
            if (asString(scan.get(props, "authorizationType"))?.toUpperCase() === "NONE") scan.flag("authorizationType is NONE: anyone on the internet can invoke the function through its URL; use AWS_IAM");
        },
    },
    {
        id: "apigateway-rest-api",
        resourceTypes: ["aws:apigateway/restApi:RestApi"],
        flags: "A REST API whose `endpointConfiguration.types` is not PRIVATE (absent means EDGE). Its methods are judged through it: a private API is reachable only through VPC endpoints whatever a method's `authorization`, a public one is flagged whatever its methods' authorization.",
        anchors: ["CKV_AWS_59", "CKV2_AWS_29"],
        judge: (props, scan) => {
            const config = scan.get(props, "endpointConfiguration");
            if (config === UNSEEN) return;
            const raw = config === undefined ? undefined : scan.get(config, "types");
            if (raw === UNSEEN) return;
            // 7.x takes one string; older programs pass a one-element list.
            const types = (Array.isArray(raw) ? scan.list(config, "types") : [raw]).map((t) => asString(t)?.toUpperCase());
            if (types.includes("PRIVATE")) return;
            const given = raw === undefined ? "absent (EDGE)" : types.join(", ");
            scan.flag(`endpointConfiguration.types is ${given}: the API is served on a public endpoint; use PRIVATE with a VPC endpoint`);
        },
    },
    {
        id: "apigatewayv2-api",
        resourceTypes: ["aws:apigatewayv2/api:Api"],
        flags: "Any HTTP or WebSocket API (API Gateway v2 has only public endpoints; disabling the execute-api endpoint leaves custom domains public).",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: always("API Gateway v2 (HTTP and WebSocket) APIs have only public endpoints: use a private REST API, or an internal load balancer"),
    },
    {
        id: "apprunner-service",
        resourceTypes: ["aws:apprunner/service:Service"],
        flags: "An App Runner service whose `networkConfiguration.ingressConfiguration.isPubliclyAccessible` is not false (absent means public).",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            const v = scan.at(props, "networkConfiguration", "ingressConfiguration", "isPubliclyAccessible");
            if (v === false || v === UNSEEN) return;
            scan.flag(`networkConfiguration.ingressConfiguration.isPubliclyAccessible is ${v === undefined ? "absent (public)" : String(v)}: the service has a public endpoint; use false with a VPC interface endpoint`);
        },
    },
    {
        id: "opensearch-domain",
        resourceTypes: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
        flags: "An OpenSearch or Elasticsearch domain without `vpcOptions.subnetIds` (the domain then gets a public endpoint, guarded only by its access policy; it cannot be moved into a VPC later).",
        anchors: ["CKV_AWS_137"],
        judge: (props, scan) => {
            const vpc = scan.get(props, "vpcOptions");
            if (vpc === UNSEEN) return;
            // Presence is enough: new subnets' ids are unknown during preview and still subnets.
            const subnets = vpc === undefined ? undefined : scan.peek(vpc, "subnetIds");
            if (subnets === UNSEEN || (Array.isArray(subnets) && subnets.length > 0)) return;
            scan.flag("vpcOptions.subnetIds is absent: the domain gets a public endpoint (and cannot be moved into a VPC later)");
        },
    },
    {
        id: "msk-public-access",
        resourceTypes: ["aws:msk/cluster:Cluster"],
        flags: "An MSK cluster with `brokerNodeGroupInfo.connectivityInfo.publicAccess.type: SERVICE_PROVIDED_EIPS`.",
        anchors: ["CKV_AWS_291", "KICS msk_broker_is_publicly_accessible"],
        judge: (props, scan) => {
            if (asString(scan.at(props, "brokerNodeGroupInfo", "connectivityInfo", "publicAccess", "type")) === "SERVICE_PROVIDED_EIPS") scan.flag("brokerNodeGroupInfo.connectivityInfo.publicAccess.type is SERVICE_PROVIDED_EIPS: the brokers get public addresses");
        },
    },
    {
        id: "mq-broker",
        resourceTypes: ["aws:mq/broker:Broker"],
        flags: "An Amazon MQ broker with `publiclyAccessible: true`.",
        anchors: ["CKV_AWS_69"],
        judge: (props, scan) => {
            if (isTrue(scan, props, "publiclyAccessible")) scan.flag("publiclyAccessible is true: the broker's endpoints are on the internet");
        },
    },
    {
        id: "dms-replication-instance",
        resourceTypes: ["aws:dms/replicationInstance:ReplicationInstance"],
        // CreateReplicationInstance: "PubliclyAccessible … The default value is true."
        flags: "A DMS replication instance whose `publiclyAccessible` is not false (the DMS API defaults it to true).",
        anchors: ["CKV_AWS_89"],
        judge: (props, scan) => {
            const v = scan.get(props, "publiclyAccessible");
            if (v === false || v === UNSEEN) return;
            scan.flag(`publiclyAccessible is ${v === undefined ? "absent (DMS defaults it to true)" : String(v)}: the replication instance gets a public address`);
        },
    },
    {
        id: "neptune-redshift-serverless-lightsail-db",
        resourceTypes: ["aws:neptune/clusterInstance:ClusterInstance", "aws:redshiftserverless/workgroup:Workgroup", "aws:lightsail/database:Database"],
        flags: "A Neptune instance, Redshift Serverless workgroup or Lightsail database with `publiclyAccessible: true`.",
        anchors: ["CKV_AWS_17"],
        judge: (props, scan) => {
            if (isTrue(scan, props, "publiclyAccessible")) scan.flag("publiclyAccessible is true: the database gets a public endpoint");
        },
    },
    {
        id: "lightsail-public",
        resourceTypes: ["aws:lightsail/instance:Instance", "aws:lightsail/containerService:ContainerService", "aws:lightsail/lb:Lb"],
        flags: "Any Lightsail instance, container service or load balancer (each has a public address; an instance's default firewall opens SSH and HTTP to anyone).",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: always("Lightsail instances, container services and load balancers always have a public address (an instance's default firewall opens SSH and HTTP to anyone): run the workload in the VPC"),
    },
    {
        id: "lightsail-public-ports",
        resourceTypes: ["aws:lightsail/instancePublicPorts:InstancePublicPorts"],
        flags: "A Lightsail port opened to the internet: `cidrs`/`ipv6Cidrs` include 0.0.0.0/0 or ::/0, or neither is set (Lightsail then admits any address).",
        anchors: ["CKV_AWS_24"],
        judge: (props, scan) => {
            for (const [i, port] of scan.indexed(props, "portInfos")) {
                const lists = ["cidrs", "ipv6Cidrs", "cidrListAliases"].map((k) => scan.get(port, k));
                if (lists.includes(UNSEEN)) continue;
                const given = lists.some((l) => Array.isArray(l) && l.length > 0);
                const open = [...scan.list(port, "cidrs"), ...scan.list(port, "ipv6Cidrs")].filter((c): c is string => typeof c === "string" && isInternetSource(c));
                if (!given || open.length > 0) scan.flag(`portInfos[${i}] is open to ${open.length > 0 ? open.join(", ") : "any address (no cidrs given)"}`);
            }
        },
    },
    {
        id: "transfer-server",
        resourceTypes: ["aws:transfer/server:Server"],
        flags: "A Transfer Family server whose `endpointType` is PUBLIC or absent (the default), or a VPC endpoint with Elastic IPs (`endpointDetails.addressAllocationIds`), which makes it internet-facing.",
        anchors: ["CKV_AWS_164"],
        judge: (props, scan) => {
            const type = scan.get(props, "endpointType");
            if (type === UNSEEN) return;
            const t = asString(type)?.toUpperCase();
            if (t === undefined || t === "PUBLIC") {
                scan.flag(`endpointType is ${t ?? "absent (PUBLIC)"}: the server listens on the internet; use VPC without Elastic IPs`);
                return;
            }
            const eips = scan.peek(scan.get(props, "endpointDetails"), "addressAllocationIds");
            if (Array.isArray(eips) && eips.length > 0) scan.flag("endpointDetails.addressAllocationIds attach Elastic IPs: the VPC endpoint is internet-facing");
        },
    },
    {
        id: "ecs-service-public-ip",
        resourceTypes: ["aws:ecs/service:Service"],
        flags: "An ECS service with `networkConfiguration.assignPublicIp: true` (each task gets a public address).",
        anchors: ["AWS FSBP ECS.2"],
        judge: (props, scan) => {
            if (scan.at(props, "networkConfiguration", "assignPublicIp") === true) scan.flag("networkConfiguration.assignPublicIp is true: every task gets a public address");
        },
    },
    {
        id: "appsync-api",
        resourceTypes: ["aws:appsync/graphQLApi:GraphQLApi"],
        flags: "An AppSync GraphQL API whose `visibility` is not PRIVATE (absent means GLOBAL).",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            const v = scan.get(props, "visibility");
            if (v === UNSEEN || asString(v)?.toUpperCase() === "PRIVATE") return;
            scan.flag(`visibility is ${v === undefined ? "absent (GLOBAL)" : String(v)}: the API has a public endpoint; use PRIVATE`);
        },
    },
    {
        id: "public-entry-points",
        resourceTypes: ["aws:cloudfront/distribution:Distribution", "aws:globalaccelerator/accelerator:Accelerator"],
        flags: "Any CloudFront distribution or Global Accelerator: both are internet listeners in front of their origins by design.",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: always("a CloudFront distribution or Global Accelerator is an internet listener by design: a deliberate public entry point needs a named exemption"),
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "aws-no-public-service-endpoints",
        title: "AWS services open no public endpoint",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [],
        flags: "AWS services that listen on the internet themselves: Lambda function URLs without auth, REST APIs that are not PRIVATE, HTTP/WebSocket APIs, public App Runner services, OpenSearch domains outside a VPC, public MSK brokers, MQ brokers, DMS replication instances, Neptune / Redshift Serverless / Lightsail databases, Lightsail instances and open ports, public Transfer Family servers, ECS tasks with public IPs, global AppSync APIs, CloudFront and Global Accelerator. Each check is listed below.",
        remediation: "Keep the service inside the VPC (private endpoint type, VPC options, IAM auth); a deliberate public entry point needs a named exemption (URN in `splitplane:policy.exemptions`, or the `splitplane:exemption` tag).",
    },
    CASES,
);

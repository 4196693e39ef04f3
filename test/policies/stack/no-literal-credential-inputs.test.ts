import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { CREDENTIAL_INPUTS } from "../../../policies/lib/credential-inputs.generated";
import * as p from "../../../policies/stack/no-literal-credential-inputs";
import { check, Judged, UNKNOWN } from "../harness";

const BROKER = "aws:mq/broker:Broker";
const broker = (users: unknown[]) => ({ brokerName: "events", engineType: "ActiveMQ", engineVersion: "5.18", hostInstanceType: "mq.t3.micro", users });

describe("stack-no-literal-credential-inputs", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            // AWS: a nested input the SDK does not mark (a broker user's password).
            { type: BROKER, name: "literal", props: broker([{ username: "app", password: "correct-horse-battery" }, { username: "ops", password: "Tr0ub4dor&3xyz" }]) },
            // AWS: an input the SDK marks secret, wrapped in pulumi.secret by the program: still a literal.
            { type: "aws:ec2/vpnConnection:VpnConnection", name: "vpn", props: { customerGatewayId: "cgw-1", type: "ipsec.1", tunnel1PresharedKey: pulumi.secret("sharedsecret123") } },
            // Azure: azure-native marks nothing; the candidate comes from the SDK's input types.
            { type: "azure-native:sql:ManagedInstance", name: "mi", props: { resourceGroupName: "rg", administratorLogin: "dba", administratorLoginPassword: "P@ssw0rd-literal-1" } },
            { type: "azure-native:web/v20240401:WebApp", name: "site", props: { resourceGroupName: "rg", siteConfig: { connectionStrings: [{ name: "db", type: "SQLAzure", connectionString: "Server=tcp:db.database.windows.net;Password=hunter2hunter2" }] } } },
            // Kubernetes: a chart repository's password on a Helm release.
            { type: "kubernetes:helm.sh/v3:Release", name: "chart", props: { chart: "app", repositoryOpts: { repo: "https://charts.example.com", username: "ci", password: "repo-password-1" } } },
            // Passes: computed from another resource, unknown during preview, a secret-store ARN, a reference.
            { type: "test:index:Password", name: "generated", outputs: ["result"] },
            { type: BROKER, name: "generated-broker", props: (ref) => ({ ...broker([]), users: [{ username: "app", password: ref("generated", "result") }] }) },
            { type: BROKER, name: "unknown", props: broker([{ username: "app", password: UNKNOWN }]) },
            { type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { family: "t", containerDefinitions: "[]" } },
            { type: "aws:codebuild/project:Project", name: "build", props: { environment: { computeType: "BUILD_GENERAL1_SMALL", image: "img", type: "LINUX_CONTAINER", registryCredential: { credential: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf", credentialProvider: "SECRETS_MANAGER" } } } },
            // Left to the named policy that judges it (aws-db-managed-master-password): reported once.
            { type: "aws:rds/instance:Instance", name: "db", props: { instanceClass: "db.t4g.micro", password: "hunter2hunter2" } },
        ]);
    });
    it("flags literal credentials in inputs of types no other policy names, for each provider, naming the path and not the value", () => {
        expect(j.messages("literal")).toEqual([
            "Broker 'literal': users[0].password holds a literal credential (known at plan time, from no other resource); read it from a secret store or let the service manage it",
            "Broker 'literal': users[1].password holds a literal credential (known at plan time, from no other resource); read it from a secret store or let the service manage it",
        ]);
        expect(j.messages("vpn")).toEqual([expect.stringMatching(/^VpnConnection 'vpn': tunnel1PresharedKey holds a literal credential/)]);
        expect(j.messages("mi")).toEqual([expect.stringMatching(/^ManagedInstance 'mi': administratorLoginPassword holds a literal credential/)]);
        expect(j.messages("site")).toEqual([expect.stringMatching(/^WebApp 'site': siteConfig\.connectionStrings\[0\]\.connectionString holds a literal credential/)]);
        expect(j.messages("chart")).toEqual([expect.stringMatching(/^Release 'chart': repositoryOpts\.password holds a literal credential/)]);
        expect(j.results.filter((r) => r.outcome === "violation").map((r) => r.message).join("\n")).not.toMatch(/horse|Tr0ub|sharedsecret|P@ss|hunter2|repo-password/);
    });
    it("passes an output of another resource, a value unknown during preview (computed, so not a literal) and a secret-store ARN", () => {
        for (const name of ["generated-broker", "unknown", "task", "build"]) expect(j.messages(name)).toEqual([]);
        expect(j.stack).toEqual([]);
    });
    it("leaves inputs that a named policy judges to it", () => expect(j.messages("db")).toEqual([]));
    it("passes (and is not applicable to) a stack without credential inputs", async () => {
        const none = await check(p, [{ type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } }]);
        expect(none.stack.map((r) => r.outcome)).toEqual(["pass"]);
        const exempt = await check(p, [{ type: BROKER, name: "legacy", props: broker([{ username: "app", password: "correct-horse-battery" }]) }], {
            pack: { [p.meta.name]: { exemptions: [{ urn: "urn:pulumi:policy::splitplane::aws:mq/broker:Broker::legacy", reason: "legacy broker, migrated next quarter" }] } },
        });
        expect(exempt.stack.map((r) => r.outcome)).toEqual(["not-applicable"]);
    });
    it("covers resource types of all three providers, derived from the SDKs", () => {
        const types = Object.keys(CREDENTIAL_INPUTS);
        for (const prefix of ["aws:", "azure-native:", "kubernetes:"]) expect(types.filter((t) => t.startsWith(prefix)).length).toBeGreaterThan(prefix === "kubernetes:" ? 1 : 50);
        expect(CREDENTIAL_INPUTS[BROKER]).toContain("users[].password");
    });
});

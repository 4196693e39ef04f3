import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/any/resource-no-credentials-by-value";
import { check, Judged, UNKNOWN } from "../harness";

// Built at run time so that no secret scanner mistakes this file for a leak.
const AWS_KEY = ["AKIA", "Z7Q2", "M4XW", "P6RT", "J3KD"].join("");
const PEM = ["-----BEGIN", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"].join(" ");
const JWT = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJjaS1kZXBsb3kiLCJpYXQiOjE3MDAwMDAwMDB9", "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc"].join(".");
const KUBECONFIG = `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: ${"k8s-" + "9f8Kq2mZ7xL4wP1vB6nT3rY5"}\n`;

describe("any-resource-no-credentials-by-value", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            // Types no other policy names, each provider, the value nested where users put it.
            { type: "aws:ssm/document:Document", name: "doc", props: { documentType: "Command", content: JSON.stringify({ mainSteps: [{ inputs: { runCommand: [`export AWS_ACCESS_KEY_ID=${AWS_KEY}`] } }] }) } },
            { type: "aws:sfn/stateMachine:StateMachine", name: "flow", props: { roleArn: "arn:aws:iam::123456789012:role/sfn", definition: JSON.stringify({ States: { Call: { Parameters: { Headers: { Authorization: [`Bearer ${JWT}`] } } } } }) } },
            { type: "azure-native:containerinstance:ContainerGroup", name: "aci", props: { resourceGroupName: "rg", containers: [{ name: "c", image: "img", command: ["sh", "-c", `echo '${PEM}' > /k`] }] } },
            { type: "azure-native:web:WebAppApplicationSettings", name: "settings", props: { resourceGroupName: "rg", name: "app", properties: { KUBECONFIG_B64: Buffer.from(KUBECONFIG).toString("base64") } } },
            { type: "kubernetes:argoproj.io/v1alpha1:Application", name: "app", props: { spec: { source: { helm: { valuesObject: { upstream: { kubeconfig: KUBECONFIG } } } } } } },
            // Passes: references to a secret, ordinary values, unknown values (outputs of other resources).
            { type: "kubernetes:external-secrets.io/v1:ExternalSecret", name: "ref", props: { spec: { secretStoreRef: { name: "aws", kind: "SecretStore" }, data: [{ secretKey: "password", remoteRef: { key: "prod/db", property: "password" } }] } } },
            { type: "aws:ssm/document:Document", name: "clean", props: { documentType: "Command", content: JSON.stringify({ mainSteps: [{ inputs: { runCommand: ["systemctl restart app"] } }] }), tags: { team: "platform" } } },
            { type: "aws:sfn/stateMachine:StateMachine", name: "unknown", props: { roleArn: "arn:aws:iam::123456789012:role/sfn", definition: UNKNOWN } },
            // Left to the named policies: Lambda environments, container env.
            { type: "aws:lambda/function:Function", name: "fn", props: { role: "r", environment: { variables: { KEY: AWS_KEY } } } },
            { type: "kubernetes:apps/v1:Deployment", name: "dep", props: { spec: { template: { spec: { containers: [{ name: "c", image: "i", env: [{ name: "K", value: AWS_KEY }] }] } } } } },
            { type: "pulumi:providers:kubernetes", name: "k8s", props: { kubeconfig: KUBECONFIG } },
        ]);
    });
    it("flags credentials by value at any depth and inside JSON, base64 and YAML documents, naming where and not the value", () => {
        expect(j.messages("doc")).toEqual(["content contains an AWS access key id"]);
        expect(j.messages("flow")).toEqual(["definition contains a JSON web token"]);
        expect(j.messages("aci")).toEqual(["containers[0].command[2] contains a private key"]);
        expect(j.messages("settings")).toEqual([expect.stringMatching(/^properties\.KUBECONFIG_B64 \(base64\): users\[0\]: user: token contains /)]);
        expect(j.messages("app")).toEqual([expect.stringMatching(/^spec\.source\.helm\.valuesObject\.upstream\.kubeconfig: users\[0\]: user: token contains /)]);
        expect(j.results.map((r) => r.message ?? "").join("\n")).not.toMatch(new RegExp(`${AWS_KEY}|BEGIN RSA|eyJhbGci|9f8Kq2`));
    });
    it("passes references to a secret (a store, a key inside it), ordinary values, and unknown values", () => {
        for (const name of ["ref", "clean", "unknown"]) expect(j.outcome(name)).toBe("pass");
    });
    it("leaves what named policies judge to them, and is not applicable to providers", () => {
        expect(j.outcome("fn")).toBe("pass");
        expect(j.outcome("dep")).toBe("pass");
        expect(j.outcome("k8s")).toBe("not-applicable");
    });
});

import { describe, expect, it } from "vitest";
import { Scan, UNSEEN } from "../../../policies/lib/scan";
import { canonicalType } from "../../../policies/lib/types";
import { isWorkloadType, parseK8sType } from "../../../policies/lib/k8s";
import { parseExemptionTag } from "../../../policies/lib/exemptions";

// The analyzer's proxy and sentinel, as CrossGuard hands props to a policy.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(o: T): T; unknownStringValue: string; UnknownValueError: new (...a: any[]) => Error };

describe("Scan over the analyzer's unknown-checking proxy", () => {
    const props = proxy.unknownCheckingProxy({ a: { b: proxy.unknownStringValue, c: "known" }, list: ["x", proxy.unknownStringValue, "y"] });

    it("reads known values and sees unknown ones without throwing", () => {
        const scan = new Scan();
        expect(scan.at(props, "a", "c")).toBe("known");
        expect(scan.at(props, "a", "b")).toBe(UNSEEN);
        expect(scan.list(props, "list")).toEqual(["x", "y"]);
        expect(scan.at(props, "missing", "deeper")).toBeUndefined();
    });

    it("settles by re-reading the first unknown value through the proxy (the analyzer's own error and path)", () => {
        const scan = new Scan();
        scan.at(props, "a", "b");
        expect(scan.sawUnknown).toBe(true);
        expect(() => scan.settle()).toThrow(proxy.UnknownValueError);
        expect(() => scan.settle()).toThrow(/\.a\.b can't be known during preview/);
    });

    it("copies the known parts of a document, marking unknown parts and remembering the first", () => {
        const scan = new Scan();
        expect(scan.known(props)).toEqual({ a: { b: UNSEEN, c: "known" }, list: ["x", UNSEEN, "y"] });
        expect(() => scan.settle()).toThrow(/\.a\.b can't be known during preview/);
    });

    it("peeks for messages without remembering the unknown", () => {
        const scan = new Scan();
        expect(scan.peek(scan.get(props, "a"), "b")).toBe(UNSEEN);
        expect(scan.sawUnknown).toBe(false);
        expect(() => scan.settle()).not.toThrow();
    });
});

describe("type tokens", () => {
    it("drops azure-native API versions", () => {
        expect(canonicalType("azure-native:network/v20240301:NetworkSecurityGroup")).toBe("azure-native:network:NetworkSecurityGroup");
        expect(canonicalType("azure-native:storage/v20230501preview:StorageAccount")).toBe("azure-native:storage:StorageAccount");
        expect(canonicalType("azure-native:dbforpostgresql/v20210615privatepreview:FirewallRule")).toBe("azure-native:dbforpostgresql:FirewallRule");
        expect(canonicalType("azure-native:saas/v20180301beta:SaasSubscriptionLevel")).toBe("azure-native:saas:SaasSubscriptionLevel");
        expect(canonicalType("aws:lb/loadBalancer:LoadBalancer")).toBe("aws:lb/loadBalancer:LoadBalancer");
    });
    it("parses Kubernetes kinds with their Patch and List variants", () => {
        expect(parseK8sType("kubernetes:apps/v1:DeploymentPatch")).toEqual({ group: "apps", version: "v1", kind: "Deployment", variant: "patch" });
        expect(parseK8sType("kubernetes:core/v1:SecretList")).toEqual({ group: "core", version: "v1", kind: "Secret", variant: "list" });
        expect(parseK8sType("kubernetes:helm.sh/v3:Release")).toBeUndefined();
        expect(isWorkloadType("kubernetes:batch/v1beta1:CronJob")).toBe(true);
        expect(isWorkloadType("kubernetes:core/v1:Service")).toBe(false);
    });
});

describe("exemption tags", () => {
    it("name one or more policies, then a reason of at least 10 characters", () => {
        expect(parseExemptionTag("aws-lb-internal-only: public inference endpoint behind WAF", "aws-lb-internal-only")).toEqual({ exempt: true, reason: "public inference endpoint behind WAF" });
        expect(parseExemptionTag("aws-sg-no-internet-ingress aws-lb-internal-only: public inference endpoint", "aws-lb-internal-only").exempt).toBe(true);
        expect(parseExemptionTag("aws-lb-internal-only: because", "aws-lb-internal-only")).toMatchObject({ exempt: false, problem: expect.stringContaining("reason of at least 10") });
        expect(parseExemptionTag("aws-sg-no-internet-ingress: some long reason here", "aws-lb-internal-only")).toEqual({ exempt: false });
        expect(parseExemptionTag("no colon at all", "aws-lb-internal-only")).toEqual({ exempt: false });
    });
});

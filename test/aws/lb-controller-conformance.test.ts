import { describe, expect, it } from "vitest";
import { albIngressAnnotations, lbControllerValues } from "../../components/aws/ingress-specs";
import { lbControllerPolicy } from "../../components/aws/lb-controller-policy";
import { canonicalStatements } from "./policy-canon";
import { readJson, readYaml, reference, unknownValueKeys } from "./reference";

const policyFile = reference("aws/aws-load-balancer-controller.iam_policy.json");
const valuesFile = reference("charts/aws-load-balancer-controller/values.yaml");

describe.skipIf(!policyFile.exists)("LB controller IAM policy matches AWS's published iam_policy.json (v3.5.0)", () => {
    it("same statements: actions, resources and conditions", () => {
        expect(canonicalStatements(lbControllerPolicy("aws"))).toEqual(canonicalStatements(readJson(policyFile.path)));
    });

    it("the comparison can fail: one missing action is noticed", () => {
        const ours = lbControllerPolicy("aws");
        (ours.Statement[1].Action as string[]).pop();
        expect(canonicalStatements(ours)).not.toEqual(canonicalStatements(readJson(policyFile.path)));
    });

    it("builds the same ARNs in another partition", () => {
        expect(JSON.stringify(lbControllerPolicy("aws-us-gov"))).not.toContain("arn:aws:");
    });
});

describe.skipIf(!valuesFile.exists)("LB controller chart values exist in the chart's values.yaml (3.5.0)", () => {
    it("every key we set is a chart key", () => {
        const values = lbControllerValues({
            clusterName: "c",
            region: "eu-west-1",
            vpcId: "vpc-1",
            serviceAccountName: "aws-load-balancer-controller",
            tags: { "splitplane:stack": "t" },
            placement: { nodeSelector: { "splitplane.io/pool": "system" }, tolerations: [] },
        });
        expect(unknownValueKeys(values, readYaml(valuesFile.path))).toEqual([]);
        expect(values).toMatchObject({ defaultLoadBalancerScheme: "internal", serviceAccount: { create: false } });
    });
});

describe("ALB Ingress annotations", () => {
    const base = {
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
        allowedCidrs: ["10.40.0.0/16"],
        backend: { name: "istio-ingressgateway", port: 80, healthCheckPath: "/healthz/ready", healthCheckPort: 15021 },
        tags: { "splitplane:stack": "t", "odd,key": "dropped" },
    };
    it("internal by default, IP targets, HTTPS with HTTP redirected, admits only the given CIDRs", () => {
        const a = albIngressAnnotations({ ...base, internetFacing: false });
        expect(a).toMatchObject({
            "alb.ingress.kubernetes.io/scheme": "internal",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
            "alb.ingress.kubernetes.io/ssl-redirect": "443",
            "alb.ingress.kubernetes.io/inbound-cidrs": "10.40.0.0/16",
            "alb.ingress.kubernetes.io/tags": "splitplane:stack=t",
        });
        expect(a["alb.ingress.kubernetes.io/wafv2-acl-arn"]).toBeUndefined();
    });
    it("internet-facing only when asked, with the WAF ACL when given", () => {
        const waf = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1";
        const a = albIngressAnnotations({ ...base, internetFacing: true, wafAclArn: waf });
        expect(a["alb.ingress.kubernetes.io/scheme"]).toBe("internet-facing");
        expect(a["alb.ingress.kubernetes.io/wafv2-acl-arn"]).toBe(waf);
    });
});

import { beforeAll, describe, expect, it } from "vitest";
import { Autoscaling } from "../../../components/platform/operations/autoscaling";
import { byType, inputsOf } from "../../../engine/testing";
import { ins, json, runAwsStack, Scenario, stackFileConfig, T } from "../../aws/scenario";

/**
 * KEDA with a cloud scaler: its operator's identity comes from `plane.bindServiceAccount` (IRSA
 * on AWS), bound to exactly keda/keda-operator, and reaches the chart as ServiceAccount annotations.
 */
const SQS_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sqs:GetQueueAttributes"], Resource: "arn:aws:sqs:eu-west-1:111122223333:jobs" }] });

let s: Scenario;
beforeAll(async () => {
    s = await runAwsStack("aws-keda", stackFileConfig("aws-phase2"), (plane) => {
        const crds = plane.ready[0];
        const a = new Autoscaling("autoscaling", {
            plane,
            charts: { keda: "2.20.2", elasti: "0.1.21" },
            httpScaleToZero: "none",
            prometheusEndpoint: "http://prometheus-operated.prometheus.svc.cluster.local:9090",
            serviceMonitorCrds: crds,
            cloudPermissions: { kind: "aws-iam", policies: { "sqs-read": SQS_POLICY } },
        });
        return { identity: a.identity!.identity };
    });
});

describe("KEDA's cloud identity", () => {
    it("an IRSA role trusted for exactly keda/keda-operator, holding only the scaler's policy; no keys anywhere", () => {
        const trust = json(ins(s.run, T.role, "autoscaling-keda-identity-role").assumeRolePolicy).Statement[0];
        expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:keda:keda-operator", "sts.amazonaws.com"]);
        expect(json(ins(s.run, T.rolePolicy, "autoscaling-keda-identity-sqs-read").policy)).toEqual(JSON.parse(SQS_POLICY));
        expect(byType(s.run, "aws:iam/accessKey:AccessKey")).toEqual([]);
    });

    it("the chart creates the ServiceAccount with the binding's annotation (no second ServiceAccount from the binding)", () => {
        const keda = byType(s.run, T.release).map(inputsOf).find((r) => r.name === "keda")!;
        expect(keda.values.serviceAccount.operator).toEqual({ create: true, name: "keda-operator", annotations: { "eks.amazonaws.com/role-arn": s.probe.identity } });
        expect(byType(s.run, "kubernetes:core/v1:ServiceAccount").map((x) => inputsOf(x).metadata.name)).not.toContain("keda-operator");
        expect(byType(s.run, T.release).map(inputsOf).map((r) => r.name)).not.toContain("elasti");
    });
});

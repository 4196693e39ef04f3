import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/pod-no-host-network";
import { check, Judged, UNKNOWN } from "../harness";

const pod = (spec: Record<string, unknown>) => ({ containers: [{ name: "app", image: "x", ports: [{ containerPort: 8080 }] }], ...spec });

describe("k8s-pod-no-host-network", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:core/v1:Pod", name: "pod", props: { spec: pod({ hostNetwork: true }) } },
            { type: "kubernetes:apps/v1:DaemonSet", name: "ds", props: { spec: { template: { spec: pod({ initContainers: [{ name: "init", image: "x", ports: [{ containerPort: 9100, hostPort: 9100 }] }] }) } } } },
            { type: "kubernetes:batch/v1:CronJob", name: "cron", props: { spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: pod({ hostNetwork: true }) } } } } } },
            { type: "kubernetes:apps/v1:StatefulSetPatch", name: "sts-patch", props: { spec: { template: { spec: pod({ hostNetwork: true }) } } } },
            { type: "kubernetes:apps/v1:DeploymentList", name: "deploy-list", props: { items: [{ spec: { template: { spec: pod({}) } } }, { spec: { template: { spec: pod({ hostNetwork: true }) } } }] } },
            { type: "kubernetes:apps/v1beta2:ReplicaSet", name: "old-rs", props: { spec: { template: { spec: pod({ hostNetwork: true }) } } } },
            { type: "kubernetes:apps/v1:Deployment", name: "clean", props: { spec: { template: { spec: pod({}) } } } },
            { type: "kubernetes:batch/v1:Job", name: "unknown", props: { spec: { template: { spec: pod({ hostNetwork: UNKNOWN }) } } } },
            { type: "kubernetes:core/v1:Service", name: "svc", props: { spec: {} } },
        ]);
    });
    it("flags hostNetwork and hostPort, naming where they sit", () => {
        expect(j.messages("pod")).toEqual(["spec.hostNetwork is true"]);
        expect(j.messages("ds")).toEqual(["spec.template.spec.initContainers[0] (init).ports[0].hostPort is 9100"]);
        expect(j.messages("cron")).toEqual(["spec.jobTemplate.spec.template.spec.hostNetwork is true"]);
    });
    it("covers Patch and List kinds and older API versions", () => {
        expect(j.outcome("sts-patch")).toBe("violation");
        expect(j.messages("deploy-list")).toEqual(["items[1].spec.template.spec.hostNetwork is true"]);
        expect(j.outcome("old-rs")).toBe("violation");
    });
    it("passes ordinary pods", () => expect(j.outcome("clean")).toBe("pass"));
    it("reports an unknown hostNetwork as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to Services", () => expect(j.outcome("svc")).toBe("not-applicable"));
});

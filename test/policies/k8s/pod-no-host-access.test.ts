import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/pod-no-host-access";
import { check, Judged, UNKNOWN } from "../harness";

const pod = (spec: Record<string, unknown>) => ({ spec: { template: { spec: { containers: [{ name: "app", image: "x" }], ...spec } } } });
const ctx = (securityContext: unknown) => pod({ containers: [{ name: "app", image: "x", securityContext }] });
const R = "kubernetes:helm.sh/v3:Release";

describe("k8s-pod-no-host-access", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:apps/v1:DaemonSet", name: "host-pid", props: pod({ hostPID: true, hostIPC: true }) },
            { type: "kubernetes:apps/v1:DaemonSet", name: "host-path", props: pod({ volumes: [{ name: "root", hostPath: { path: "/" } }, { name: "tmp", emptyDir: {} }] }) },
            { type: "kubernetes:apps/v1:DaemonSet", name: "device-plugin", props: pod({ volumes: [{ name: "dp", hostPath: { path: "/var/lib/kubelet/device-plugins" } }] }) },
            { type: "kubernetes:batch/v1:CronJob", name: "cron-caps", props: { spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { containers: [{ name: "j", image: "x", securityContext: { capabilities: { add: ["NET_BIND_SERVICE", "CAP_SYS_ADMIN", "net_admin"] } } }] } } } } } } },
            { type: "kubernetes:argoproj.io/v1alpha1:Rollout", name: "rollout-escalation", props: ctx({ allowPrivilegeEscalation: true }) },
            { type: "kubernetes:core/v1:ReplicationController", name: "rc-clean", props: ctx({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }) },
            { type: "kubernetes:apps/v1:Deployment", name: "unknown", props: pod({ hostPID: UNKNOWN }) },
            { type: R, name: "helm-privileged", props: { chart: "agent", values: { roleArn: UNKNOWN, daemonset: { hostPID: true, securityContext: { privileged: true } }, extraVolumes: [{ name: "logs", hostPath: { path: "/var/log" } }] } } },
            { type: R, name: "helm-clean", props: { chart: "nvidia-device-plugin", values: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }, nodeSelector: { gpu: "true" } } } },
            { type: "kubernetes:apps/v1:DaemonSet", name: "exempt", props: { metadata: { annotations: { "splitplane.dev/exemption": "k8s-pod-no-host-access: node exporter reads /proc and /sys of its node" } }, ...pod({ hostPID: true }) } },
            { type: "kubernetes:core/v1:Service", name: "svc", props: { spec: { type: "ClusterIP" } } },
        ], { pack: { "k8s-pod-no-host-access": { tagExemptions: true } } });
    });
    it("is advisory and flags host namespaces and host paths in any workload kind", () => {
        expect(j.messages("host-pid")).toEqual([
            "spec.template.spec.hostPID is true: the pod shares the node's process namespace",
            "spec.template.spec.hostIPC is true: the pod shares the node's IPC namespace",
        ]);
        expect(j.of("host-pid")[0].enforcementLevel).toBe("advisory");
        expect(j.messages("host-path")).toEqual(["spec.template.spec.volumes[0] mounts the node's / (hostPath)"]);
    });
    it("flags capabilities beyond the baseline set (any spelling) and privilege escalation, in CronJobs and Argo Rollouts", () => {
        expect(j.messages("cron-caps")).toEqual(["spec.jobTemplate.spec.template.spec.containers[0] (j).securityContext.capabilities.add includes SYS_ADMIN, NET_ADMIN: beyond the baseline set, these give the container power over the node"]);
        expect(j.messages("rollout-escalation")).toEqual(["spec.template.spec.containers[0] (app).securityContext.allowPrivilegeEscalation is true"]);
    });
    it("passes the device-plugin directory (the GPU device plugin registers there) and clean pods", () => {
        expect(j.outcome("device-plugin")).toBe("pass");
        expect(j.outcome("rc-clean")).toBe("pass");
    });
    it("flags what Helm values ask for, whatever else is unknown, and passes clean values", () => {
        expect(j.messages("helm-privileged")).toEqual([
            "values.daemonset.hostPID is true: the chart's pods share the node's process namespace",
            "values.daemonset.securityContext.privileged is true",
            "values.extraVolumes[0].hostPath mounts the node's /var/log into the chart's pods",
        ]);
        expect(j.outcome("helm-clean")).toBe("pass");
    });
    it("honours a named exemption annotation", () => expect(j.of("exempt")[0]).toMatchObject({ outcome: "not-applicable", message: expect.stringContaining("exempted: node exporter") }));
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to Services", () => expect(j.outcome("svc")).toBe("not-applicable"));
});

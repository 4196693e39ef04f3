import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/pod-no-privileged";
import { check, Judged, UNKNOWN } from "../harness";

const tmpl = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });

describe("k8s-pod-no-privileged", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:apps/v1:Deployment", name: "priv", props: tmpl([{ name: "app", image: "x", securityContext: { privileged: true } }]) },
            { type: "kubernetes:core/v1:PodTemplate", name: "template", props: { template: { spec: { ephemeralContainers: [{ name: "debug", image: "x", securityContext: { privileged: true } }] } } } },
            { type: "kubernetes:apps/v1:Deployment", name: "clean", props: tmpl([{ name: "app", image: "x", securityContext: { privileged: false, runAsNonRoot: true } }]) },
            { type: "kubernetes:apps/v1:Deployment", name: "unknown", props: tmpl([{ name: "app", image: "x", securityContext: { privileged: UNKNOWN } }]) },
            { type: "kubernetes:core/v1:Namespace", name: "ns", props: {} },
        ]);
    });
    it("is advisory and flags privileged containers, including ephemeral ones", () => {
        expect(j.messages("priv")).toEqual(["spec.template.spec.containers[0] (app).securityContext.privileged is true"]);
        expect(j.of("priv")[0].enforcementLevel).toBe("advisory");
        expect(j.messages("template")).toEqual(["template.spec.ephemeralContainers[0] (debug).securityContext.privileged is true"]);
    });
    it("passes unprivileged containers", () => expect(j.outcome("clean")).toBe("pass"));
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to namespaces", () => expect(j.outcome("ns")).toBe("not-applicable"));
});

import { resourcePolicy } from "../lib/define";
import { isKind, objectsOf } from "../lib/k8s";
import { asString, UNSEEN } from "../lib/scan";

const SCHEME = "alb.ingress.kubernetes.io/scheme";
const INGRESS_CLASS_PARAMS = "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams";
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";
/** Application Gateway Ingress Controller: listeners go on the gateway's public frontend unless this is "true". */
const AGIC_PRIVATE_IP = "appgw.ingress.kubernetes.io/use-private-ip";
const AGIC_CLASSES = new Set(["azure-application-gateway", "azure/application-gateway"]);

/**
 * Row 10, in Kubernetes: the AWS Load Balancer Controller makes load balancers from Ingresses.
 * Its default scheme is internal; an explicit `internet-facing` (on the Ingress or on its
 * IngressClassParams) is the same public load balancer the `aws-lb-internal-only` policy forbids.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-ingress-internal-only",
        title: "Ingresses make internal load balancers",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [10],
        resourceTypes: ["kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1:IngressPatch", "kubernetes:networking.k8s.io/v1:IngressList", INGRESS_CLASS_PARAMS],
        flags: "An Ingress (any version, Patch or List) annotated `alb.ingress.kubernetes.io/scheme: internet-facing`; an Ingress of the Application Gateway Ingress Controller's class without `appgw.ingress.kubernetes.io/use-private-ip: \"true\"` (its listeners then use the gateway's public frontend); an Ingress of GKE's external class `gce`; or an IngressClassParams with `spec.scheme: internet-facing`.",
        anchors: ["splitplane rule (outbound-only planes)"],
        remediation: "Keep the controller's internal default; a deliberate public endpoint needs a named exemption.",
    },
    ({ type, props }, scan) => {
        if (type === INGRESS_CLASS_PARAMS) {
            if (asString(scan.at(props, "spec", "scheme")) === "internet-facing") scan.flag("spec.scheme is internet-facing: every Ingress of this class gets a public load balancer");
            return;
        }
        for (const obj of objectsOf(scan, type, props)) {
            if (asString(scan.at(obj.value, "metadata", "annotations", SCHEME)) === "internet-facing") scan.flag(`${obj.where}metadata.annotations["${SCHEME}"] is internet-facing`);
            const cls = asString(scan.at(obj.value, "spec", "ingressClassName")) ?? asString(scan.at(obj.value, "metadata", "annotations", CLASS_ANNOTATION));
            if (cls !== undefined && AGIC_CLASSES.has(cls)) {
                const privateIp = scan.at(obj.value, "metadata", "annotations", AGIC_PRIVATE_IP);
                if (privateIp !== UNSEEN && asString(privateIp) !== "true") scan.flag(`${obj.where}is an Application Gateway Ingress without ${AGIC_PRIVATE_IP}: "true": its listener uses the gateway's public frontend`);
            }
            if (cls === "gce") scan.flag(`${obj.where}uses GKE's external class gce: the Ingress gets an internet-facing load balancer (use gce-internal)`);
        }
    },
    { appliesTo: (t) => t === INGRESS_CLASS_PARAMS || isKind(t, "networking.k8s.io", "Ingress") || isKind(t, "extensions", "Ingress") },
);

import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/** Karpenter's node class; its defaults are already IMDSv2 with hop limit 1. */
export const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

/**
 * Row 18: instance metadata requires session tokens (IMDSv2) and a hop limit of 1, so a pod
 * cannot borrow the node's role. Missing is not safe on EC2: `httpTokens` defaults to optional
 * and the hop limit comes from the AMI. Karpenter's EC2NodeClass defaults are safe, so only
 * explicit values are judged there.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-ec2-imdsv2",
        title: "Instance metadata requires IMDSv2, hop limit 1",
        theme: "H",
        level: "advisory",
        severity: "high",
        kind: "resource",
        checks: [18],
        resourceTypes: [AWS.instance, AWS.launchTemplate, EC2_NODE_CLASS],
        flags: "`metadataOptions.httpTokens` not `required`, or `httpPutResponseHopLimit` absent or above the configured maximum (default 1), on an instance, launch template or Karpenter EC2NodeClass.",
        anchors: ["CKV_AWS_79", "CKV_AWS_341", "AWS-0028"],
        remediation: "Set `metadataOptions: { httpTokens: \"required\", httpPutResponseHopLimit: 1 }`.",
    },
    ({ type, props, config }, scan) => {
        const max = typeof config.maxHopLimit === "number" ? config.maxHopLimit : 1;
        const nodeClass = type === EC2_NODE_CLASS;
        const options = nodeClass ? scan.at(props, "spec", "metadataOptions") : scan.get(props, "metadataOptions");
        if (options === UNSEEN) return;
        const endpoint = scan.get(options, "httpEndpoint");
        if (endpoint === UNSEEN || asString(endpoint) === "disabled") return;
        const tokens = scan.get(options, "httpTokens");
        if (tokens !== UNSEEN && tokens !== "required" && !(nodeClass && tokens === undefined)) {
            scan.flag(`metadataOptions.httpTokens is ${tokens === undefined ? "absent (EC2 defaults to optional, i.e. IMDSv1)" : `"${String(tokens)}"`}; require IMDSv2`);
        }
        const hops = scan.get(options, "httpPutResponseHopLimit");
        if (hops === UNSEEN || (nodeClass && hops === undefined)) return;
        if (typeof hops !== "number") scan.flag(`metadataOptions.httpPutResponseHopLimit is absent (the AMI decides, often 2); set it to ${max}`);
        else if (hops > max) scan.flag(`metadataOptions.httpPutResponseHopLimit is ${hops}, above ${max}: pods can reach the node's credentials`);
    },
    { config: { maxHopLimit: { type: "integer", minimum: 1, maximum: 2, default: 1, description: "Largest allowed hop limit (2 only for pods that truly need node metadata)." } } },
);

import { Graph } from "./graph";
import { ProgramRun, RecordedResource } from "./resource";
import { toPolicyProps } from "./values";

/**
 * Destroy that cannot strand cloud resources. Controllers create cloud resources the program
 * never registers: Karpenter launches EC2 instances for its NodePools, the AWS Load Balancer
 * Controller an ALB per Ingress and an NLB per LoadBalancer Service, AKS's cloud controller a
 * load balancer frontend per LoadBalancer Service. `pulumi destroy` deletes in reverse dependency
 * order, and in parallel where there is none, so these must hold in the recorded graph:
 *
 * 1. what owns controller-made resources (NodePool, EC2NodeClass, Ingress, a LoadBalancer
 *    Service or a chart that renders one) waits for its controller, so it is deleted first,
 *    while the controller still runs and can delete what it made (its finalizer);
 * 2. the controller waits for what it needs to do that: the cluster, a network path to the
 *    cloud APIs it calls (the VPC endpoints of those services, or else the NAT gateways), and the
 *    IAM roles of its component (its identity, the nodes' role), so none goes while it works;
 * 3. on Azure, the cloud controller is part of AKS: a LoadBalancer owner waits for the cluster
 *    and the subnet its frontend lives in.
 *
 * What the graph cannot order is in docs/runbooks/destroy.md.
 */
export interface DestroyRule {
    /** The resource that must be deleted first. */
    owner: string;
    /** What it must wait for. */
    waitsFor: string;
    why: string;
}

const chartOf = (r: RecordedResource) => String(toPolicyProps(r.rawInputs).chart ?? "");
const isRelease = (r: RecordedResource) => r.type === "kubernetes:helm.sh/v3:Release";

/** The Karpenter controller chart (not its CRD chart). */
const isKarpenter = (r: RecordedResource) => isRelease(r) && /(^|\/)karpenter$/.test(chartOf(r));
const isLbController = (r: RecordedResource) => isRelease(r) && /(^|\/)aws-load-balancer-controller$/.test(chartOf(r));

/** Whether a release's values ask for a Service of type LoadBalancer anywhere (`service.type`, `controller.service.type` ...). */
export function rendersLoadBalancer(values: unknown): boolean {
    if (Array.isArray(values)) return values.some(rendersLoadBalancer);
    if (typeof values !== "object" || values === null) return false;
    for (const [k, v] of Object.entries(values)) {
        if (k === "type" && v === "LoadBalancer") return true;
        if (rendersLoadBalancer(v)) return true;
    }
    return false;
}

function ownsLoadBalancer(r: RecordedResource): boolean {
    const inputs = toPolicyProps(r.rawInputs);
    if (r.type === "kubernetes:core/v1:Service") return inputs.spec?.type === "LoadBalancer";
    if (isRelease(r)) return rendersLoadBalancer(inputs.values);
    return false;
}

const label = (r: RecordedResource) => `${r.type} ${r.name}`;

/** The AWS APIs each controller calls when it cleans up (pod identity through eks-auth, IRSA through sts). */
const KARPENTER_APIS = ["ec2", "sqs", "ssm", "sts", "eks-auth"];
const LB_CONTROLLER_APIS = ["elasticloadbalancing", "ec2", "sts"];

/** The edges that keep `pulumi destroy` from stranding controller-made resources, for one run. */
export function destroyRules(run: ProgramRun): DestroyRule[] {
    const g = new Graph(run);
    const all = run.resources.filter((r) => !r.read);
    const rules: DestroyRule[] = [];
    const must = (owner: RecordedResource, dep: RecordedResource, why: string) => {
        if (!g.waitsFor(owner, dep)) rules.push({ owner: label(owner), waitsFor: label(dep), why });
    };
    const karpenter = all.filter(isKarpenter);
    const lbController = all.filter(isLbController);
    const clusters = all.filter((r) => r.type === "aws:eks/cluster:Cluster" || r.type === "azure-native:containerservice:ManagedCluster");
    const nat = all.filter((r) => r.type === "aws:ec2/natGateway:NatGateway");
    const endpoints = all.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint");

    for (const r of all.filter((x) => x.type === "kubernetes:karpenter.sh/v1:NodePool" || x.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass")) {
        if (karpenter.length === 0) rules.push({ owner: label(r), waitsFor: "a Karpenter controller release", why: "nothing would terminate its nodes" });
        for (const k of karpenter) must(r, k, "Karpenter terminates the pool's nodes (its finalizer) only while it runs");
    }
    const aws = clusters.some((c) => c.type === "aws:eks/cluster:Cluster");
    for (const r of all.filter((x) => x.type === "kubernetes:networking.k8s.io/v1:Ingress" || ownsLoadBalancer(x))) {
        if (aws) {
            if (lbController.length === 0) rules.push({ owner: label(r), waitsFor: "the AWS Load Balancer Controller release", why: "nothing would delete its load balancer" });
            for (const c of lbController) if (c !== r) must(r, c, "the Load Balancer Controller deletes the ALB/NLB it made (its finalizer) only while it runs");
        } else {
            for (const c of clusters) must(r, c, "AKS's cloud controller deletes the load balancer frontend only while the cluster exists");
            const subnets = all.filter((s) => s.type === "azure-native:network:Subnet");
            const named = String((toPolicyProps(r.rawInputs).values?.service?.annotations ?? {})["service.beta.kubernetes.io/azure-load-balancer-internal-subnet"] ?? "");
            for (const s of subnets.filter((x) => named !== "" && String(toPolicyProps(x.rawInputs).subnetName ?? "") === named)) must(r, s, `the internal frontend's IP is in subnet ${named}`);
        }
    }
    for (const controller of [...karpenter, ...lbController]) {
        for (const c of clusters) must(controller, c, "the controller runs on the cluster");
        const apis = isKarpenter(controller) ? KARPENTER_APIS : LB_CONTROLLER_APIS;
        const via = endpoints.filter((e) => apis.some((api) => String(toPolicyProps(e.rawInputs).serviceName ?? "").endsWith(`.${api}`)));
        const byEndpoints = via.length > 0 && via.every((e) => g.waitsFor(controller, e));
        const byNat = nat.length > 0 && nat.every((n) => g.waitsFor(controller, n));
        if (!byEndpoints && !byNat && via.length + nat.length > 0) {
            rules.push({
                owner: label(controller),
                waitsFor: [...via, ...nat].filter((x) => !g.waitsFor(controller, x)).map((x) => x.name).join(", "),
                why: `its path to the ${apis.join(", ")} APIs (those VPC endpoints, or else the NAT gateways): pulumi destroy may delete them while it still deletes what it made`,
            });
        }
        const component = g.componentOf(controller);
        for (const role of all.filter((x) => (x.type === "aws:iam/role:Role" || x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation") && g.componentOf(x) === component)) {
            must(controller, role, "the controller's identity (and the nodes' role) must outlive what it deletes");
        }
    }
    return rules;
}

/** One line per missing edge. */
export function destroyProblems(run: ProgramRun): string[] {
    return destroyRules(run).map((r) => `${r.owner} must wait for ${r.waitsFor} (${r.why})`);
}

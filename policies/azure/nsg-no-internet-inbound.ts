import { resourcePolicy } from "../lib/define";
import { azurePortRange, describePorts, isInternetSource } from "../lib/net";
import { asString, Scan } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * Row 22: no NSG rule allows inbound traffic from the internet, inline (`securityRules[]`) or as
 * a standalone `SecurityRule`. Sources `*`, `Internet`, `Any`, 0.0.0.0/0 and ::/0 all mean anyone.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-nsg-no-internet-inbound",
        title: "NSGs allow no inbound traffic from the internet",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [22],
        resourceTypes: [AZURE.nsg, AZURE.securityRule],
        flags: "An Inbound Allow rule whose source (`sourceAddressPrefix` or `sourceAddressPrefixes`) is `*`, `Internet`, `Any`, 0.0.0.0, 0.0.0.0/0 or ::/0, on any port.",
        anchors: ["CKV_AZURE_9", "CKV_AZURE_10", "CKV_AZURE_160", "CKV_AZURE_77", "AZU-0047", "AZU-0048", "AZU-0050"],
        remediation: "Allow inbound only from VirtualNetwork, a private CIDR or an application security group.",
    },
    ({ type, props }, scan) => {
        if (type === AZURE.securityRule) judge(scan, "the rule", props);
        else for (const [i, rule] of scan.indexed(props, "securityRules")) judge(scan, `securityRules[${i}]`, rule);
    },
);

function judge(scan: Scan, where: string, rule: unknown): void {
    const direction = asString(scan.get(rule, "direction"));
    const access = asString(scan.get(rule, "access"));
    if (direction?.toLowerCase() !== "inbound" || access?.toLowerCase() !== "allow") return;
    const sources: string[] = [];
    const one = scan.get(rule, "sourceAddressPrefix");
    if (typeof one === "string") sources.push(one);
    for (const s of scan.list(rule, "sourceAddressPrefixes")) if (typeof s === "string") sources.push(s);
    const open = sources.filter(isInternetSource);
    if (open.length === 0) return;
    const name = asString(scan.peek(rule, "name"));
    scan.flag(`${where}${name ? ` "${name}"` : ""} allows inbound from ${open.join(", ")} (the internet) to ${ports(scan, rule)}`);
}

/** The destination ports a rule opens, for the message (peeked: never a reason to call a rule unknown). */
function ports(scan: Scan, rule: unknown): string {
    const specs: string[] = [];
    const one = scan.peek(rule, "destinationPortRange");
    if (typeof one === "string") specs.push(one);
    const many = scan.peek(rule, "destinationPortRanges");
    if (Array.isArray(many)) {
        for (let i = 0; i < many.length; i++) {
            const spec = scan.peek(many, i);
            if (typeof spec === "string") specs.push(spec);
        }
    }
    if (specs.length === 0) return "any port";
    return specs
        .map((s) => {
            const range = azurePortRange(s);
            return range ? describePorts(range) : `ports ${s}`;
        })
        .join(", ");
}

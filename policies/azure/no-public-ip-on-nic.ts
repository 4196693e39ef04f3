import { resourcePolicy } from "../lib/define";
import { AZURE } from "../lib/types";

/** Row 23: workload NICs and scale-set nodes get no public IP; egress goes through NAT. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-no-public-ip-on-nic",
        title: "Workload NICs have no public IP",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [23],
        resourceTypes: [AZURE.nic, AZURE.vmss],
        flags: "A network interface IP configuration with `publicIPAddress`, or a scale set whose NIC IP configurations have `publicIPAddressConfiguration`.",
        anchors: ["CKV_AZURE_119"],
        remediation: "Remove the public IP; reach nodes through Bastion or the cluster API, and the internet through a NAT gateway.",
    },
    ({ type, props }, scan) => {
        if (type === AZURE.nic) {
            for (const [i, ip] of scan.indexed(props, "ipConfigurations")) {
                const pip = scan.get(ip, "publicIPAddress");
                if (pip !== undefined && pip !== null && typeof pip !== "symbol") scan.flag(`ipConfigurations[${i}] attaches a public IP address`);
            }
            return;
        }
        for (const [n, nic] of scan.indexed(props, "virtualMachineProfile", "networkProfile", "networkInterfaceConfigurations")) {
            for (const [i, ip] of scan.indexed(nic, "ipConfigurations")) {
                const pip = scan.get(ip, "publicIPAddressConfiguration");
                if (pip !== undefined && pip !== null && typeof pip !== "symbol") scan.flag(`networkInterfaceConfigurations[${n}].ipConfigurations[${i}] gives every instance a public IP`);
            }
        }
    },
);

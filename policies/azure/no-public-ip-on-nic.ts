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
        resourceTypes: [AZURE.nic, AZURE.vm, AZURE.vmss],
        flags: "A network interface IP configuration with `publicIPAddress`, or a virtual machine or scale set whose inline NIC IP configurations have `publicIPAddressConfiguration`.",
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
        // A VM (API version 2020-06-01 on) can create its NICs inline, as a scale set does.
        const configs = type === AZURE.vm ? scan.indexed(props, "networkProfile", "networkInterfaceConfigurations") : scan.indexed(props, "virtualMachineProfile", "networkProfile", "networkInterfaceConfigurations");
        const who = type === AZURE.vm ? "the virtual machine" : "every instance";
        for (const [n, nic] of configs) {
            for (const [i, ip] of scan.indexed(nic, "ipConfigurations")) {
                const pip = scan.get(ip, "publicIPAddressConfiguration");
                if (pip !== undefined && pip !== null && typeof pip !== "symbol") scan.flag(`networkInterfaceConfigurations[${n}].ipConfigurations[${i}] gives ${who} a public IP`);
            }
        }
    },
);

import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/no-public-ip-on-nic";
import { check, Judged, UNKNOWN } from "../harness";

const NIC = "azure-native:network:NetworkInterface";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const vmss = (ip: Record<string, unknown>) => ({ resourceGroupName: "rg", virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [{ name: "nic", ipConfigurations: [{ name: "ip", ...ip }] }] } } });

describe("azure-no-public-ip-on-nic", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: NIC, name: "nic-public", props: { resourceGroupName: "rg", ipConfigurations: [{ name: "ip", publicIPAddress: { id: "/subscriptions/x/publicIPAddresses/pip" } }] } },
            { type: VMSS, name: "vmss-public", props: vmss({ publicIPAddressConfiguration: { name: "pip" } }) },
            { type: "azure-native:compute:VirtualMachine", name: "vm-public", props: { resourceGroupName: "rg", networkProfile: vmss({ publicIPAddressConfiguration: { name: "pip" } }).virtualMachineProfile.networkProfile } },
            { type: "azure-native:compute/v20240701:VirtualMachine", name: "vm-private", props: { resourceGroupName: "rg", networkProfile: { networkInterfaces: [{ id: UNKNOWN }] } } },
            { type: NIC, name: "nic-private", props: { resourceGroupName: "rg", ipConfigurations: [{ name: "ip", subnet: { id: "/subscriptions/x/subnets/s" } }] } },
            { type: VMSS, name: "vmss-private", props: vmss({ subnet: { id: "s" } }) },
            { type: NIC, name: "unknown", props: { resourceGroupName: "rg", ipConfigurations: [{ name: "ip", publicIPAddress: UNKNOWN }] } },
            { type: "azure-native:network:PublicIPAddress", name: "nat-ip", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags public IPs on NICs and scale-set NIC configurations", () => {
        expect(j.messages("nic-public")).toEqual(["ipConfigurations[0] attaches a public IP address"]);
        expect(j.messages("vmss-public")).toEqual(["networkInterfaceConfigurations[0].ipConfigurations[0] gives every instance a public IP"]);
    });
    it("flags a public IP on a virtual machine's inline NIC configuration", () => {
        expect(j.messages("vm-public")).toEqual(["networkInterfaceConfigurations[0].ipConfigurations[0] gives the virtual machine a public IP"]);
        expect(j.outcome("vm-private")).toBe("pass");
    });
    it("passes private NICs", () => {
        expect(j.outcome("nic-private")).toBe("pass");
        expect(j.outcome("vmss-private")).toBe("pass");
    });
    it("reports an unknown public IP reference as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to a standalone public IP (e.g. a NAT gateway's)", () => expect(j.outcome("nat-ip")).toBe("not-applicable"));
});

import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/ec2-userdata-no-key-material";
import { check, Judged, UNKNOWN } from "../harness";

// Built by concatenation so that repository secret scanners do not trip on test data.
const PEM = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEfake\n-----END RSA PRIVATE KEY-----";
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("aws-ec2-userdata-no-key-material", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:ec2/instance:Instance", name: "akia", props: { ami: "ami-1", userData: "#!/bin/bash\naws configure set aws_access_key_id AKIA" + "IOSFODNN7EXAMPLE\n" } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt-pem", props: { userData: b64(`#!/bin/bash\ncat > /root/key <<EOF\n${PEM}\nEOF\n`) } },
            { type: "aws:ec2/instance:Instance", name: "assign", props: { ami: "ami-1", userData: "#!/bin/bash\nexport DB_PASSWORD=correcthorse\n" } },
            { type: "aws:ec2/instance:Instance", name: "clean", props: { ami: "ami-1", userData: "#!/bin/bash\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\n" } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt-clean", props: { userData: b64("[settings.kubernetes]\ncluster-name = \"c\"\n") } },
            { type: "aws:ec2/instance:Instance", name: "unknown", props: { ami: "ami-1", userData: UNKNOWN } },
            { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", name: "spot", props: { ami: "ami-1", userData: "#!/bin/bash\nexport API_TOKEN=literal-token-value\n" } },
            { type: "aws:ec2/subnet:Subnet", name: "subnet", props: { vpcId: "v", cidrBlock: "10.0.0.0/24" } },
        ]);
    });
    it("flags access key ids and (base64-encoded) private keys without echoing them", () => {
        expect(j.messages("akia")).toEqual(["userData contains an AWS access key id"]);
        expect(j.messages("lt-pem")).toEqual(["userData contains a private key"]);
    });
    it("flags shell assignments of literals to credential-like variables", () => expect(j.messages("assign")).toEqual(["userData assigns a literal value to DB_PASSWORD"]));
    it("judges spot instance requests too", () => expect(j.messages("spot")).toEqual(["userData assigns a literal value to API_TOKEN"]));
    it("passes scripts that fetch secrets at boot", () => {
        expect(j.outcome("clean")).toBe("pass");
        expect(j.outcome("lt-clean")).toBe("pass");
    });
    it("reports unknown user data as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to subnets", () => expect(j.outcome("subnet")).toBe("not-applicable"));
});

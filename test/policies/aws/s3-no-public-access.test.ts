import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/s3-no-public-access";
import { check, Judged, UNKNOWN } from "../harness";

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const all = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("aws-s3-no-public-access", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: PAB, name: "pab-partial", props: { bucket: "b", blockPublicAcls: true, blockPublicPolicy: false } },
            { type: PAB, name: "pab-full", props: { bucket: "b", ...all } },
            { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "account-partial", props: { ...all, restrictPublicBuckets: false } },
            { type: "aws:s3/bucket:Bucket", name: "bucket-public-acl", props: { acl: "public-read" } },
            { type: "aws:s3/bucketAclV2:BucketAclV2", name: "acl-grant", props: { bucket: "b", accessControlPolicy: { owner: { id: "o" }, grants: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }] } } },
            { type: "aws:s3/bucketV2:BucketV2", name: "bucket-private", props: { bucket: "b" } },
            { type: PAB, name: "pab-unknown", props: { bucket: "b", ...all, ignorePublicAcls: UNKNOWN } },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "policy", props: { bucket: "b", policy: "{}" } },
        ]);
    });
    it("flags every public-access-block flag that is not true (absent means false)", () => {
        expect(j.messages("pab-partial")).toEqual(["the public access block leaves blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets not true (absent means false)"]);
        expect(j.messages("account-partial")).toEqual(["the public access block leaves restrictPublicBuckets not true (absent means false)"]);
    });
    it("flags public canned ACLs and grants to AllUsers", () => {
        expect(j.messages("bucket-public-acl")).toEqual(['acl "public-read" makes the bucket public']);
        expect(j.messages("acl-grant")).toEqual(["accessControlPolicy.grants[0] grants access to AllUsers"]);
    });
    it("passes a full block and a private bucket", () => {
        expect(j.outcome("pab-full")).toBe("pass");
        expect(j.outcome("bucket-private")).toBe("pass");
    });
    it("reports an unknown flag as unknown", () => expect(j.outcome("pab-unknown")).toBe("unknown"));
    it("is not applicable to bucket policies", () => expect(j.outcome("policy")).toBe("not-applicable"));
});

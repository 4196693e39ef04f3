import * as pulumi from "@pulumi/pulumi";

/**
 * The cluster's default StorageClass. EKS 1.30 and later mark no StorageClass as default (and the
 * in-tree `gp2` one is unencrypted), so a chart's PersistentVolumeClaim without a class would stay
 * Pending; this one is gp3, encrypted with the environment's volume key.
 */
export const ENCRYPTED_STORAGE_CLASS = "gp3-encrypted";

/** The EBS CSI driver's provisioner name (https://github.com/kubernetes-sigs/aws-ebs-csi-driver). */
export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";

/** The StorageClass object: gp3, encrypted with `kmsKeyArn`, bound where the pod lands, expandable. */
export function encryptedStorageClassSpec(kmsKeyArn: pulumi.Input<string>) {
    return {
        metadata: {
            name: ENCRYPTED_STORAGE_CLASS,
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
            labels: { "app.kubernetes.io/managed-by": "splitplane" },
        },
        provisioner: EBS_CSI_PROVISIONER,
        // Parameter names of the EBS CSI driver (docs/parameters.md of aws-ebs-csi-driver).
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: kmsKeyArn },
        // The volume is created in the zone of the node the pod is scheduled to, so a zonal EBS
        // volume never strands a pod in a zone without capacity.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
    };
}

/**
 * What the EBS CSI controller needs on a customer managed key, beside AmazonEBSCSIDriverPolicy
 * (which covers only AWS managed keys): grants for the EC2 service, restricted to AWS resources,
 * and the data-key operations. As the EKS user guide's "custom KMS key" policy for the driver role
 * (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html, "Create an IAM role").
 */
export function ebsCsiKmsPolicy(kmsKeyArn: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GrantsForAwsResourcesOnly",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: [kmsKeyArn],
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "VolumeDataKeys",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: [kmsKeyArn],
            },
        ],
    };
}

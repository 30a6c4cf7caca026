/** The pure parts of the compliance resources: retention arithmetic, the log bucket's policy, the sink filter. */
import { describe, expect, it } from "vitest";
import { auditRetentionDays, cloudWatchRetention } from "../src/cloud/audit-retention";
import { accessLogBucketPolicy } from "../src/clouds/aws/access-logs";
import { rootVolume } from "../src/clouds/aws/node-launch-template";
import { workspaceRetention } from "../src/clouds/azure/diagnostics";
import { auditBucketId, bucketDataAccessFilter } from "../src/clouds/gcp/audit-config";

describe("audit retention", () => {
    it("is the backup retention, never less than 90 days", () => {
        expect(auditRetentionDays(30)).toBe(90);
        expect(auditRetentionDays(90)).toBe(90);
        expect(auditRetentionDays(400)).toBe(400);
    });

    it("rounds up to a retention CloudWatch accepts, and stops at ten years", () => {
        expect(cloudWatchRetention(90)).toBe(90);
        expect(cloudWatchRetention(91)).toBe(120);
        expect(cloudWatchRetention(366)).toBe(400);
        expect(cloudWatchRetention(5000)).toBe(3653);
    });

    it("fits a Log Analytics workspace's 30 to 730 days", () => {
        expect(workspaceRetention(90)).toBe(90);
        expect(workspaceRetention(10)).toBe(30);
        expect(workspaceRetention(1000)).toBe(730);
    });
});

describe("the S3 access-log bucket's policy", () => {
    const policy = accessLogBucketPolicy("arn:aws:s3:::logs", "arn:aws:s3:::backups", "123456789012");

    it("denies requests without TLS on the bucket and its objects", () => {
        const deny = policy.Statement.find((s) => s.Effect === "Deny");
        expect(deny?.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
        expect(deny?.Resource).toEqual(["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]);
    });

    it("lets the logging service write under the prefix only for the backup bucket of this account", () => {
        const allow = policy.Statement.find((s) => s.Effect === "Allow");
        expect(allow).toMatchObject({
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::logs/backup-bucket/*",
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::backups" }, StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });
});

describe("GCS Data Access routing", () => {
    it("selects the data-access entries of one bucket", () => {
        expect(bucketDataAccessFilter("p1", "b1")).toBe(
            'logName="projects/p1/logs/cloudaudit.googleapis.com%2Fdata_access" AND resource.type="gcs_bucket" AND resource.labels.bucket_name="b1"',
        );
    });

    it("names the log bucket after the stack and component, within 100 characters", () => {
        expect(auditBucketId("prod", "fhir-gcp")).toBe("prod-fhir-gcp-audit");
        expect(auditBucketId("s".repeat(120), "fhir-gcp").length).toBeLessThanOrEqual(100);
    });
});

describe("the EKS node root volume", () => {
    it("is an encrypted gp3 volume on the AL2023 root device, removed with the node", () => {
        expect(rootVolume(50)).toEqual({ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } });
    });
});

import { DISK_FLOOR } from "../../cloud/disk-performance";
import { plannedVolumes } from "../disk-volumes";
import { Rule } from "../types";
import { fail, judge } from "./result";

/**
 * Every commit waits for a WAL fsync on the primary and on a synchronous standby, so the disks'
 * sustained IOPS and throughput bound the write path. The floor is the gp3 baseline (3,000 IOPS,
 * 125 MB/s), which EBS gives at any size; burst credits do not count (docs/database.md, Disks).
 */
export const databaseDiskFloor: Rule = {
    id: "database-disk-floor",
    item: "synchronous-replica",
    severity: "mandatory",
    description: `Every Postgres data and WAL volume sustains at least ${DISK_FLOOR.iops} IOPS and ${DISK_FLOOR.mbps} MB/s (the gp3 baseline), whatever its size`,
    check(ctx) {
        const volumes = plannedVolumes(ctx);
        if (volumes.length === 0) return fail("no CNPG Cluster volumes in the plan");
        const unknown = volumes.filter((v) => v.unknown);
        if (unknown.length === volumes.length && ctx.cloud === "kubernetes") {
            return { passed: false, severity: "advisory", evidence: `${unknown[0].unknown}: the plan cannot see what its disks sustain; check them against ${DISK_FLOOR.iops} IOPS and ${DISK_FLOOR.mbps} MB/s` };
        }
        const problems = volumes.flatMap((v) => {
            if (v.unknown) return [`${v.label}: ${v.unknown}`];
            const p = v.performance!;
            return p.iops < DISK_FLOOR.iops || p.mbps < DISK_FLOOR.mbps ? [`${v.label}: ${v.diskType} at ${v.sizeGiB} GiB sustains ${p.iops} IOPS and ${p.mbps} MB/s`] : [];
        });
        const found = [...new Set(volumes.filter((v) => v.performance).map((v) => `${v.label}: ${v.diskType}, ${v.sizeGiB} GiB, ${v.performance!.iops} IOPS, ${Math.round(v.performance!.mbps)} MB/s`))];
        return judge(
            problems,
            found,
            "use a disk type whose baseline meets the floor at any size (gp3, pd-balanced, hyperdisk-balanced, PremiumV2_LRS: fhir-ha:gcp.diskType, fhir-ha:azure.diskSku), or provision fhir-ha:database.diskIops / diskThroughput",
        );
    },
};

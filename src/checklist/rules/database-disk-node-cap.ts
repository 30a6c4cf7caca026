import { DISK_FLOOR } from "../../cloud/disk-performance";
import { NODE_DISK_CAPS } from "../../cloud/node-disk-caps";
import { nodeSizes } from "../disk-volumes";
import { Rule } from "../types";
import { judge, notApplicable } from "./result";

/**
 * A disk is no faster than the VM it is attached to: each VM size caps the sustained IOPS and
 * throughput of all its disks together (src/cloud/node-disk-caps.ts, with sources). Advisory: the
 * node size is the user's choice, and a size this table does not know is reported, not failed.
 */
export const databaseDiskNodeCap: Rule = {
    id: "database-disk-node-cap",
    item: "synchronous-replica",
    severity: "advisory",
    description: `The node size lets a Postgres volume reach ${DISK_FLOOR.iops} IOPS and ${DISK_FLOOR.mbps} MB/s (the VM's own disk cap)`,
    check(ctx) {
        const sizes = nodeSizes(ctx);
        if (sizes.length === 0) return notApplicable("no cloud node group in the plan (the kubernetes target's nodes are the user's)");
        const known = sizes.filter((s) => NODE_DISK_CAPS[s]);
        const problems = known.filter((s) => NODE_DISK_CAPS[s].iops < DISK_FLOOR.iops || NODE_DISK_CAPS[s].mbps < DISK_FLOOR.mbps).map((s) => `${s} caps its disks at ${NODE_DISK_CAPS[s].iops} IOPS and ${NODE_DISK_CAPS[s].mbps} MB/s`);
        const found = [
            ...known.map((s) => `${s}: up to ${NODE_DISK_CAPS[s].iops} IOPS and ${NODE_DISK_CAPS[s].mbps} MB/s for all its disks`),
            ...sizes.filter((s) => !NODE_DISK_CAPS[s]).map((s) => `${s}: not in the table of node disk caps; check its sustained disk limits against ${DISK_FLOOR.iops} IOPS and ${DISK_FLOOR.mbps} MB/s`),
        ];
        return judge(problems, found, "choose a larger node size (fhir-ha:cluster.nodeSize)");
    },
};

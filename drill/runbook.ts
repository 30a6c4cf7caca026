/**
 * The runbook steps each drill executes, by the runbook file and the step heading that documents
 * them (docs/runbooks/, written by the database tier). The drill prints every step as it runs it,
 * so a failed drill points at the written step that did not hold; a unit test checks that every
 * heading quoted here is in its runbook, so procedure and drill cannot drift apart silently.
 */

export const RUNBOOK_DIR = "docs/runbooks";

export interface Runbook<K extends string> {
    file: string;
    steps: Record<K, string>;
}

function runbook<K extends string>(file: string, steps: Record<K, string>): Runbook<K> {
    return { file: `${RUNBOOK_DIR}/${file}`, steps };
}

export const AUTOMATIC_FAILOVER = runbook("automatic-failover.md", {
    watch: "Step 1 — Watch",
    // No operator here: the drill does by hand what the operator does (the runbook's Step 3 path).
    promoteByHand: "Step 3 — If CNPG does not promote",
    operator: "What CNPG does",
    checkWrites: "Step 2 — Check that writes work and nothing acknowledged was lost",
    afterwards: "Step 4 — Afterwards",
});

export const DELAYED_REPLICA_RESCUE = runbook("delayed-replica-rescue.md", {
    pause: "Step 1 — Pause replay now",
    check: "Step 2 — Check the replica is before the mistake",
    copyOut: "Step 3 — Copy the rows out",
    putBack: "Step 4 — Put them back on the primary",
    resume: "Step 5 — Resume replay",
    rewind: "Whole database: rewind to just before the mistake",
});

export const POINT_IN_TIME_RESTORE = runbook("point-in-time-restore.md", {
    target: "Step 1 — Choose the target time",
    config: "Step 3 — Set the config and look at the plan",
    run: "Step 4 — Run it",
    verify: "Step 5 — Verify",
});

export const BACKUP_FAILURE = runbook("backup-failure.md", {
    archiving: "Step 4 — Confirm archiving works again",
    baseBackup: "Step 5 — Take a base backup now",
});

export const MAJOR_UPGRADE = runbook("major-upgrade.md", {
    before: "Step 1 — Before you start",
    change: "Step 2 — Change the major",
    cnpg: "What CNPG does, and how long it takes",
    verify: "Step 3 — Verify the new generation",
    rollback: "Rollback — restore the previous generation",
});

export const REGION_LOSS_RUNBOOK = runbook("region-loss.md", {
    lost: "Emergency promotion: the primary region is gone",
    promote: "Promote the standby region",
    returns: "The old region returns as a standby",
    standbyDelayed: "The standby's delayed replica through a promotion",
    switchover: "Planned switchover between regions",
});

/** Every runbook a drill follows, for the consistency test. */
export const ALL_RUNBOOKS: Runbook<string>[] = [AUTOMATIC_FAILOVER, DELAYED_REPLICA_RESCUE, POINT_IN_TIME_RESTORE, BACKUP_FAILURE, MAJOR_UPGRADE, REGION_LOSS_RUNBOOK];

/** The line a drill prints before it executes a step: the runbook file and the step's heading. */
export function stepLine<K extends string>(book: Runbook<K>, key: K): string {
    return `[${book.file}] ${book.steps[key]}`;
}

/**
 * The ObjectStore settings the recovery bench compares, as pure data. A profile is what the
 * Barman Cloud plugin's ObjectStore decides for speed: the compression of WAL and base backups,
 * `wal.maxParallel` and `data.jobs`.
 */
import { DATA_COMPRESSION, DATA_JOBS, WAL_COMPRESSION, WAL_MAX_PARALLEL } from "../../src/config/backup-policy";

export interface Profile {
    name: string;
    /** "none" or a barman-cloud compression. */
    walCompression: string;
    dataCompression: string;
    walMaxParallel: number;
    dataJobs: number;
}

/**
 * What an ObjectStore with none of these fields set does (plugin-barman-cloud v0.14.0 CRD,
 * barmancloud.cnpg.io_v1_ObjectStore): WAL and base backups uncompressed, WAL one at a time, and
 * `data.jobs` "defaults to 2" (barman-cloud-backup's own -J default is 2 as well).
 */
export const BARMAN_DEFAULTS: Profile = { name: "barman-defaults", walCompression: "none", dataCompression: "none", walMaxParallel: 1, dataJobs: 2 };

/** What this package renders into every ObjectStore. */
export const SHIPPED: Profile = {
    name: "shipped",
    walCompression: WAL_COMPRESSION,
    dataCompression: DATA_COMPRESSION,
    walMaxParallel: WAL_MAX_PARALLEL,
    dataJobs: DATA_JOBS,
};

/**
 * Compressions the installed barman-cloud tools can run (Debian 12's barman-cli-cloud 3.4: gzip and
 * bzip2). snappy cannot be measured here: with Debian's python3-snappy 0.5.3 on Python 3.11,
 * barman-cloud-wal-archive --snappy fails on every segment ("PY_SSIZE_T_CLEAN macro must be
 * defined for '#' formats", seen in a bench run), so archiving stalls. The plugin's sidecar
 * (Barman 3.19) also has lz4, zstd and xz; they cannot be measured here either.
 */
export const MEASURABLE_COMPRESSIONS = ["none", "gzip", "bzip2"];
export const PARALLELISM = [1, 2, 4, 8];

function label(p: Omit<Profile, "name">): string {
    const c = p.walCompression === p.dataCompression ? p.walCompression : `${p.walCompression}/${p.dataCompression}`;
    return `${c} wal×${p.walMaxParallel} jobs×${p.dataJobs}`;
}

/** A profile named after its settings (how alternatives appear in the table). */
export function profile(settings: Omit<Profile, "name">): Profile {
    return { ...settings, name: label(settings) };
}

/** Two profiles with the same settings measure the same thing. */
export function sameSettings(a: Profile, b: Profile): boolean {
    return a.walCompression === b.walCompression && a.dataCompression === b.dataCompression && a.walMaxParallel === b.walMaxParallel && a.dataJobs === b.dataJobs;
}

/**
 * The alternatives worth trying, one setting varied at a time from the shipped profile: every
 * measurable compression (for WAL and data together), then wal.maxParallel and data.jobs over
 * 1/2/4/8. Profiles equal to the shipped one or to barman's defaults are left out (they are
 * measured anyway).
 */
export function alternatives(base: Profile = SHIPPED, compressions = MEASURABLE_COMPRESSIONS, parallelism = PARALLELISM): Profile[] {
    const out: Profile[] = [];
    const add = (p: Profile) => {
        if (![base, BARMAN_DEFAULTS, ...out].some((q) => sameSettings(q, p))) out.push(p);
    };
    for (const c of compressions) add(profile({ ...base, walCompression: c, dataCompression: c }));
    for (const n of parallelism) add(profile({ ...base, walMaxParallel: n }));
    for (const n of parallelism) add(profile({ ...base, dataJobs: n }));
    return out;
}

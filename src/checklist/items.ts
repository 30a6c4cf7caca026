/**
 * The seed's checklist, item by item, in its order, plus the security rules that keep the
 * backups and the database safe. Rules name the item they prove by id.
 */
export interface ChecklistItem {
    id: string;
    title: string;
}

export const CHECKLIST_ITEMS: ChecklistItem[] = [
    { id: "zones", title: "1. Kubernetes self-healing across several zones" },
    { id: "fhir-servers", title: "2. Several FHIR server instances with health probes" },
    { id: "synchronous-replica", title: "3. A synchronous PostgreSQL replica" },
    { id: "delayed-replica", title: "4. A replica delayed 12-24 h" },
    { id: "daily-incremental", title: "5. WAL archiving, incremental backups daily" },
    { id: "weekly-full", title: "6. Full backups weekly" },
    { id: "monthly-retention", title: "7. Backups retained a month" },
    { id: "recovery-strategy", title: "8. A written-down, used failover and recovery strategy" },
    { id: "security", title: "Security of the backups and the database" },
];

export const ITEM_IDS = CHECKLIST_ITEMS.map((i) => i.id);

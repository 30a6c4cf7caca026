/**
 * azure Kubernetes support calendar: see ../kubernetes-versions.ts for how it is used.
 * Each date is copied from the sources below on the as-of day; update them together.
 */
import { SupportCalendar } from "../kubernetes-versions";

export const CALENDAR: SupportCalendar = {
    cloud: "azure",
    asOf: "",
    sources: [],
    extendedSupportNote: "",
    entries: [],
};

/**
 * The support calendars by cloud, loaded without any cloud SDK (plain data), so config
 * validation can check a pinned version before the cloud's code is loaded.
 */
import { SupportCalendar } from "../kubernetes-versions";
import { CALENDAR as AWS } from "./aws";
import { CALENDAR as AZURE } from "./azure";
import { CALENDAR as GCP } from "./gcp";

export const CALENDARS: Record<string, SupportCalendar> = { aws: AWS, gcp: GCP, azure: AZURE };

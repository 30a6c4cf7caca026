/**
 * How the plan writes values it cannot show: secrets and values unknown until deploy. Apart from
 * the mock runtime so that readers of a plan (the diff, the checklist) load no Pulumi SDK.
 */

/** How a secret value appears in the plan. */
export const SECRET_MARK = "[secret]";
/** How a value that is unknown until deploy appears in the plan. */
export const UNKNOWN_MARK = "[unknown]";

/** Reads docs/runbooks/ for the runbook rules (the only file access of the checklist). */
import * as fs from "fs";
import * as path from "path";
import { RUNBOOK_FILES } from "./runbooks";

export const DEFAULT_RUNBOOK_DIR = path.resolve(__dirname, "../../docs/runbooks");

/** File name → text of every runbook that exists in `dir`. */
export function loadRunbooks(dir: string = DEFAULT_RUNBOOK_DIR): Record<string, string> {
    const out: Record<string, string> = {};
    for (const file of RUNBOOK_FILES) {
        const full = path.join(dir, file);
        if (fs.existsSync(full)) out[file] = fs.readFileSync(full, "utf8");
    }
    return out;
}

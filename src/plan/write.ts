/**
 * Writes a plan to disk: `<out>/<stack>.json` and one YAML file per Kubernetes object under
 * `<out>/<stack>/`. The object folder is recreated each time, so an object the program no longer
 * renders does not linger from an earlier plan.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { PlanDocument } from "./document";
import { kubernetesObjects } from "./k8s-objects";

export interface WrittenPlan {
    json: string;
    objectsDir: string;
    objectFiles: string[];
}

export function writePlan(doc: PlanDocument, outDir: string): WrittenPlan {
    fs.mkdirSync(outDir, { recursive: true });
    const json = path.join(outDir, `${doc.stack}.json`);
    fs.writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
    const objectsDir = path.join(outDir, doc.stack);
    fs.rmSync(objectsDir, { recursive: true, force: true });
    fs.mkdirSync(objectsDir, { recursive: true });
    const objects = kubernetesObjects(doc);
    for (const o of objects) {
        // The URN says which resource of the plan the object belongs to (the YAML has no place for it otherwise).
        fs.writeFileSync(path.join(objectsDir, o.file), `# ${o.urn}\n${stringify(o.object, { lineWidth: 0 })}`);
    }
    return { json, objectsDir, objectFiles: objects.map((o) => o.file) };
}

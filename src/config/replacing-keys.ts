/**
 * Config keys whose change replaces (or deletes) resources on an existing stack, with what they
 * replace: the replacement-safety matrix (tests/replacement-matrix.test.ts) finds them, this list
 * documents them, docs/configuration.md's generated table marks them, and `plan --diff` warns
 * when one changes. A key the matrix finds replacing something that is not listed here fails it.
 */
export const REPLACING_KEYS: Record<string, string> = {};

/** Command-line flags of the benches, read by pure functions. */

/** The value after `flag` in `argv`; undefined when the flag is absent, an error when its value is. */
export function flagValue(argv: string[], flag: string): string | undefined {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
}

/**
 * spindrift.json at the root of every zip spindrift writes: what the zip was built for (runtime,
 * architecture, app kind, handler), so `invoke`, `serve` and other tools can run it the same way. Small and
 * deterministic: fixed keys in a fixed order, no time stamps, the same bytes for the same target.
 */
/** The file's name at the zip's root. */
export declare const TARGET_FILE = "spindrift.json";
export interface TargetFile {
    /** The format's version: readers refuse what they do not know. */
    format: 1;
    /** Lambda's runtime identifier, "python3.12". */
    runtime: string;
    /** Lambda's architecture, "x86_64" or "arm64". */
    architecture: string;
    /** The app kind the shim serves: "plain", "flask"… */
    app: string;
    /** Lambda's handler setting, "index.handler". */
    handler: string;
}
export declare function formatTargetFile(target: Omit<TargetFile, 'format'>): string;
/** The file's content read back; a sentence (thrown Error) naming what is wrong when it is not one spindrift wrote. */
export declare function parseTargetFile(text: string): TargetFile;

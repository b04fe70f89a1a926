/** An installed distribution and the unzipped size of its files: for size reports and the job summary. */
export interface Distribution {
    name: string;
    version: string;
    size: number;
}
/** Why a distribution is in the zip as it is: the wheel chosen, where from, and anything special about it. */
export interface WheelChoice {
    name: string;
    version: string;
    /** The wheel file installed (from the installer's report; else rebuilt from the dist-info's WHEEL tags). */
    file: string;
    /** Its compatibility tags, from its WHEEL file. */
    tags: string[];
    /** lock: a lock file chose it; pin: an exact "==" requirement; resolution: the installer chose it within ranges. */
    chosenBy: 'lock' | 'pin' | 'resolution';
    /** Where the file came from: an index or find-links folder (credentials removed), or "built from source". */
    from?: string;
    /** Hex SHA-256 of the wheel file, when known. */
    sha256?: string;
    /** One line for anything special: built from source, or below the newest version and why. */
    note?: string;
}
/** One distribution as --json and the job summary list it: its size and, when recorded, why this wheel. */
export type DistributionReport = Distribution & Partial<Omit<WheelChoice, 'name' | 'version'>>;
/** The error object Lambda reports for a failed function (awslambdaric's `make_error`). */
export interface FunctionError {
    errorMessage: string;
    errorType: string;
    stackTrace: string[];
    requestId?: string;
}

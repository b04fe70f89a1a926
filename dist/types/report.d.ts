/** An installed distribution and the unzipped size of its files: for size reports and the job summary. */
export interface Distribution {
    name: string;
    version: string;
    size: number;
}

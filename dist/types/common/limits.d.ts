/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
export declare const ZIPPED_LIMIT: number;
export declare const UNZIPPED_LIMIT = 262144000;

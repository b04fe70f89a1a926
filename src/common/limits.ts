/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
export const ZIPPED_LIMIT = 50 * 1024 * 1024
export const UNZIPPED_LIMIT = 262_144_000

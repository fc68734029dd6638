/** Size caps of signed attendance sheets, shared by the service and the page (no server code). */

/** A signature PNG from the pad (a box of a few hundred pixels at most device ratios) is far below this. */
export const SIGNATURE_MAX_BYTES = 512 * 1024
export const SCAN_MAX_BYTES = 10 * 1024 * 1024
export const SCAN_MAX_MB = SCAN_MAX_BYTES / 1024 / 1024

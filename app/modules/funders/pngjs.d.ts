/** The part of pngjs 5 (no bundled types) that reads a signature image back. */
declare module 'pngjs' {
  export const PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } }
}

/** The part of pngjs 5 (no bundled types) used here: read an image as RGBA, write one back. */
declare module 'pngjs' {
  export type Image = { width: number; height: number; data: Buffer }
  export const PNG: { sync: { read(buffer: Buffer): Image; write(image: Image): Buffer } }
}

/** node-tnef ships no types: the one function we call. */
declare module 'node-tnef' {
  export function parseBuffer(data: Buffer, callback: (failed: boolean, content: unknown) => void): void
  const tnef: { parseBuffer: typeof parseBuffer }
  export default tnef
}

import { Transform } from 'node:stream'

/**
 * A pass-through that gathers React's many small writes (a few hundred bytes each) into chunks
 * of up to `size` bytes, or whatever arrived within one turn of the event loop, whichever comes
 * first. Each chunk downstream is one compression call and one socket write instead of dozens:
 * streaming still flows (nothing waits longer than the current turn), the work per byte drops.
 */
export function coalescingStream(size = 32 * 1024) {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let scheduled: NodeJS.Immediate | null = null
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes >= size) release()
      else scheduled ??= setImmediate(release)
      done()
    },
    flush(done) {
      release()
      done()
    },
  })
  function release() {
    if (scheduled) clearImmediate(scheduled)
    scheduled = null
    if (!pendingBytes) return
    const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    stream.push(chunk)
  }
  stream.once('close', () => scheduled && clearImmediate(scheduled))
  return stream
}

import { describe, expect, it } from 'vitest'
import { isKnownDriverFault } from '~/utils/driver-fault-guard.server'

const socketError = (code: string) => Object.assign(new Error(`read ${code}`), { code, errno: -104, syscall: 'read' })

describe('the driver fault guard survives a database outage, nothing else', () => {
  it('survives a connection reset nobody was listening for (the worker died of it in the restart scenario)', () => {
    expect(isKnownDriverFault(socketError('ECONNRESET'))).toBe(true)
    expect(isKnownDriverFault(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true)
  })

  it('survives postgres.js writing to a null socket, only from its nextWrite', () => {
    const fault = new TypeError("Cannot read properties of null (reading 'write')")
    fault.stack = `${fault.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)`
    expect(isKnownDriverFault(fault)).toBe(true)
    const ours = new TypeError("Cannot read properties of null (reading 'write')")
    ours.stack = `${ours.message}\n    at render (file:///app/app/modules/mail/compose.server.ts:10:2)`
    expect(isKnownDriverFault(ours)).toBe(false)
  })

  it('still stops on any other error', () => {
    expect(isKnownDriverFault(new Error('boom'))).toBe(false)
    expect(isKnownDriverFault(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isKnownDriverFault('a string')).toBe(false)
  })
})

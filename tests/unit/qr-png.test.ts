import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import QRCode from 'qrcode'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkInUrl, qrCodePng } from '~/modules/checkin/checkin.server'
import { parseEnv, setEnv } from '~/utils/env.server'

// qrcode's own PNG renderer, before its pngjs encoding: the RGBA pixels of `QRCode.toBuffer`.
const require = createRequire(import.meta.url)
const pngRenderer = require('qrcode/lib/renderer/png') as { render: (qr: unknown, options: object) => { width: number; height: number; data: Buffer } }

/** Width, height and one grey byte (0 or 255) per pixel of a 1-bit greyscale, unfiltered, non-interlaced PNG. */
function readGreyPng(png: Buffer) {
  expect(png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))).toBe(true)
  let offset = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    expect(png.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(png.subarray(offset + 4, offset + 8 + length)))
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([...data.subarray(8)]).toEqual([1, 0, 0, 0, 0])
    }
    if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const pixels = Buffer.alloc(width * height)
  const stride = 1 + Math.ceil(width / 8)
  expect(raw.length).toBe(height * stride)
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0)
    for (let x = 0; x < width; x++) pixels[y * width + x] = raw[y * stride + 1 + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0
  }
  return { width, height, pixels }
}

beforeAll(() => {
  setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', PUBLIC_URL: 'http://passerelle.test' }))
})

describe('check-in QR code PNG', () => {
  it('has exactly the pixels of the qrcode library’s 240 px PNG of the check-in URL', async () => {
    for (const [eventId, secret] of [
      ['0b5f6f00-1111-4222-8333-444455556666', 'short'],
      ['7c1e2d3f-aaaa-4bbb-8ccc-dddddddddddd', 'a-much-longer-check-in-secret-0123456789abcdefghijklmnopqrstuvwxyz'],
    ]) {
      const mine = readGreyPng(await qrCodePng(eventId, secret))
      const reference = pngRenderer.render(QRCode.create(checkInUrl(eventId, secret), { errorCorrectionLevel: 'M' }), { margin: 1, width: 240 })
      expect([mine.width, mine.height]).toEqual([reference.width, reference.height])
      let dark = 0
      for (let i = 0; i < mine.pixels.length; i++) {
        expect(mine.pixels[i]).toBe(reference.data[i * 4])
        if (mine.pixels[i] === 0) dark++
      }
      expect(dark).toBeGreaterThan(mine.pixels.length / 5) // a real code, not a blank image
    }
  })
})

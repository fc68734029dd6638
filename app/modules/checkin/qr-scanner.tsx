import { useNavigate } from 'react-router'
import { useEffect, useRef, useState } from 'react'
import { useT } from '~/utils/i18n'

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> }
type DetectorCtor = new (options: { formats: string[] }) => Detector

/**
 * Camera scanner where the browser has BarcodeDetector (progressive enhancement: without it,
 * or without JavaScript, the name search above does the job). A scanned check-in URL of this
 * site opens the person's card; nothing is checked in until staff press the button.
 */
export function QrScanner() {
  const t = useT()
  const navigate = useNavigate()
  const [supported, setSupported] = useState<boolean | null>(null)
  const [active, setActive] = useState(false)
  const video = useRef<HTMLVideoElement>(null)

  useEffect(() => {
    setSupported(typeof window !== 'undefined' && 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia))
  }, [])

  useEffect(() => {
    if (!active || !video.current) return
    let stopped = false
    let stream: MediaStream | null = null
    const Ctor = (window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector
    const detector = new Ctor({ formats: ['qr_code'] })
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
        if (stopped || !video.current) return
        video.current.srcObject = stream
        await video.current.play()
        while (!stopped) {
          const codes = await detector.detect(video.current).catch(() => [])
          const hit = codes.map((c) => c.rawValue).find((value) => {
            try {
              const url = new URL(value)
              return url.origin === window.location.origin && url.searchParams.has('secret')
            } catch {
              return false
            }
          })
          if (hit) {
            const url = new URL(hit)
            setActive(false)
            navigate(`${url.pathname}${url.search}`)
            return
          }
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
      } catch {
        setActive(false)
      }
    })()
    return () => {
      stopped = true
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [active, navigate])

  if (supported === null) return null
  if (!supported) return <p className="text-sm text-slate-700">{t('admin.checkin.scanUnsupported')}</p>
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={() => setActive((v) => !v)}
        className="w-full rounded bg-brand-700 px-4 py-3 text-base font-semibold text-white focus:outline-none focus:ring-2 focus:ring-brand-600 focus:ring-offset-2"
      >
        {active ? t('admin.checkin.scanStop') : t('admin.checkin.scan')}
      </button>
      {active ? <video ref={video} className="w-full rounded border border-slate-400" muted playsInline aria-label={t('admin.checkin.scan')} /> : null}
    </div>
  )
}

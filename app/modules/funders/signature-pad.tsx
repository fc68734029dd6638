import { Form } from 'react-router'
import { useEffect, useRef, useState } from 'react'
import type SignaturePad from 'signature_pad'
import { buttonClass, secondaryButtonClass } from '~/components/forms'
import { useT } from '~/utils/i18n'

/**
 * The tablet signature box for one delegate and one session: a <canvas> driven by
 * `signature_pad` (loaded in the browser only), with Clear, Save and Cancel as real buttons.
 * Save puts the pad's PNG in the form and posts it; an empty box is not sent.
 */
export function SignaturePadForm({ sessionId, attendeeId, name, onCancel }: { sessionId: string; attendeeId: string; name: string; onCancel: () => void }) {
  const t = useT()
  const canvas = useRef<HTMLCanvasElement>(null)
  const pad = useRef<SignaturePad | null>(null)
  const image = useRef<HTMLInputElement>(null)
  const [empty, setEmpty] = useState(false)
  const titleId = `pad-title-${attendeeId}`
  const helpId = `pad-help-${attendeeId}`

  useEffect(() => {
    let cancelled = false
    void import('signature_pad').then(({ default: Pad }) => {
      if (cancelled || !canvas.current) return
      // Draw at the screen's pixel density: the canvas's bitmap matches its CSS size times the ratio.
      const ratio = Math.max(window.devicePixelRatio || 1, 1)
      const c = canvas.current
      c.width = c.offsetWidth * ratio
      c.height = c.offsetHeight * ratio
      c.getContext('2d')?.scale(ratio, ratio)
      pad.current = new Pad(c, { penColor: '#0f172a', minWidth: 1, maxWidth: 2.5 })
      pad.current.addEventListener('beginStroke', () => setEmpty(false))
    })
    return () => {
      cancelled = true
      pad.current?.off()
      pad.current = null
    }
  }, [])

  return (
    <Form
      method="post"
      aria-labelledby={titleId}
      className="space-y-2 rounded border-2 border-brand-800 p-3"
      onSubmit={(event) => {
        if (!pad.current || pad.current.isEmpty()) {
          event.preventDefault()
          setEmpty(true)
          return
        }
        if (image.current) image.current.value = pad.current.toDataURL('image/png')
      }}
    >
      <h3 id={titleId} className="font-semibold">
        {t('admin.signatures.padTitle', { name })}
      </h3>
      <p id={helpId} className="text-sm text-slate-700">
        {t('admin.signatures.padHelp')}
      </p>
      <input type="hidden" name="intent" value="sign" />
      <input type="hidden" name="session" value={sessionId} />
      <input type="hidden" name="attendeeId" value={attendeeId} />
      <input type="hidden" name="signature" ref={image} />
      <canvas
        ref={canvas}
        role="img"
        aria-label={t('admin.signatures.padLabel')}
        aria-describedby={helpId}
        data-testid="signature-pad"
        className="block h-48 w-full max-w-xl touch-none rounded border border-slate-500 bg-white"
      />
      {empty ? (
        <p role="alert" className="text-sm font-semibold text-red-900">
          {t('admin.signatures.padEmpty')}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => pad.current?.clear()}>
          {t('admin.signatures.clear')}
        </button>
        <button type="submit" className={buttonClass}>
          {t('admin.signatures.save')}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          {t('admin.signatures.cancel')}
        </button>
      </div>
    </Form>
  )
}

import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { DateTime } from 'luxon'
import { getDb } from '#db/client'
import { localized, paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { assignmentSchema, blockSchema, flightSchema, idSchema, identitySchema, roomSchema, settingsSchema, waveSchema } from '~/modules/delegations/delegation-schemas'
import { canReadTravelIdentity, delegationAlerts, delegationSettingsOf, listDelegates, loadDelegationEvent, revealIdentity, saveDelegationSettings, saveIdentity, type TravelIdentity } from '~/modules/delegations/identity.server'
import { addFlight, addWave, deleteFlight, deleteWave, flightsOf, wavesWithMembers } from '~/modules/delegations/travel.server'
import { addBlock, addRoom, assignRoom, hotelOverview, lastSent, markRoomingSent, unassign } from '~/modules/delegations/hotel.server'
import { airportOf } from '~/modules/delegations/airports'
import { PageTitle } from '~/components/admin/ui'
import { CheckedForm, Field, FormMessage, SelectField, buttonClass, secondaryButtonClass } from '~/components/forms'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'delegations.page.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.delegations.$eventId', 'loader')
  const locale = paramLocale(params)
  const db = getDb()
  const event = await orRespond(loadDelegationEvent(db, user, params.eventId ?? ''))
  const [delegates, settings, flights, waves, hotel, alerts] = await Promise.all([
    listDelegates(db, user, event.id),
    delegationSettingsOf(db, event.id),
    flightsOf(db, event.id),
    wavesWithMembers(db, event.id),
    hotelOverview(db, event.id),
    delegationAlerts(db, event.id),
  ])
  const names = new Map(delegates.map((d) => [d.attendeeId, d.name]))
  const when = (instant: Date, airport: string) => describeInstant(instant, airportOf(airport)?.zone ?? event.timezone, locale)
  return {
    event: { id: event.id, title: localized(event.title, locale) },
    canReadIdentity: canReadTravelIdentity(user),
    settings: { returnDate: settings.returnDate, organiserPhone: settings.organiserPhone },
    delegates: delegates.map((d) => ({ ...d, alerts: alerts.get(d.attendeeId) ?? [] })),
    flights: flights.map((f) => ({ id: f.id, who: names.get(f.attendeeId) ?? '', flight: `${f.carrier} ${f.flightNumber}`, route: `${f.fromAirport} → ${f.toAirport}`, departs: when(f.departsAt, f.fromAirport), arrives: when(f.arrivesAt, f.toAirport) })),
    waves: waves.map((w) => ({ id: w.id, label: w.label, airport: w.airport, vehicle: w.vehicle, from: when(w.windowStart, w.airport), to: when(w.windowEnd, w.airport), members: w.members.map((m) => `${m.firstName} ${m.lastName} (${m.flightNumber})`) })),
    hotel: await Promise.all(
      hotel.map(async (b) => ({ ...b, createdAt: undefined, updatedAt: undefined, lastSentAt: (await lastSent(db, b.id))?.sentAt.toISOString() ?? null, rooms: b.rooms.map((r) => ({ id: r.id, label: r.label, roomType: r.roomType, beds: r.beds, occupants: r.occupants.map((o) => ({ id: o.id, name: o.name, arrivalDate: o.arrivalDate, departureDate: o.departureDate, shoulderNights: o.shoulderNights })) })) })),
    ),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.delegations.$eventId', 'action')
  const db = getDb()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const event = await orRespond(loadDelegationEvent(db, user, params.eventId ?? ''))
  const saved = { ok: true as const, intent, notice: 'delegations.page.saved' }
  const run = <S extends Parameters<typeof parseForm>[1]>(schema: S, fn: (value: import('zod').output<S>) => Promise<unknown>) => {
    const parsed = parseForm(formData, schema)
    if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
    return runAction(intent, async () => (await fn(parsed.value), saved))
  }
  switch (intent) {
    case 'settings':
      return run(settingsSchema, (v) => saveDelegationSettings(db, event.id, v))
    case 'identity':
      return run(identitySchema, (v) => saveIdentity(db, user, event.id, v))
    case 'reveal': {
      const parsed = parseForm(formData, idSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      let identity: TravelIdentity | null = null
      const result = await runAction(intent, async () => {
        identity = await revealIdentity(db, user, event.id, parsed.value.id)
        return { ok: true, intent }
      })
      return identity ? { ok: true as const, intent, revealed: { id: parsed.value.id, identity: identity as TravelIdentity } } : result
    }
    case 'flight':
      return run(flightSchema, (v) => addFlight(db, event.id, v))
    case 'delete-flight':
      return run(idSchema, (v) => deleteFlight(db, event.id, v.id))
    case 'wave':
      return run(waveSchema, (v) => addWave(db, event.id, v))
    case 'delete-wave':
      return run(idSchema, (v) => deleteWave(db, event.id, v.id))
    case 'block':
      return run(blockSchema, (v) => addBlock(db, event.id, v))
    case 'room':
      return run(roomSchema, (v) => addRoom(db, event.id, v))
    case 'assign':
      return run(assignmentSchema, (v) => assignRoom(db, event.id, v))
    case 'unassign':
      return run(idSchema, (v) => unassign(db, event.id, v.id))
    case 'mark-sent':
      return run(idSchema, (v) => markRoomingSent(db, event.id, v.id, user.id))
    default:
      return invalid(intent, {})
  }
}

type Result = { ok: boolean; intent?: string; formError?: string; notice?: string; fieldErrors?: Record<string, string[] | undefined>; revealed?: { id: string; identity: TravelIdentity } }

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">{title}</h2>
      {children}
    </section>
  )
}

export default function DelegationPage() {
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const t = useT()
  const locale = useLocale()
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors : undefined)
  const messageFor = (intent: string) => (result && result.intent === intent ? result : null)
  const delegateOptions = data.delegates.map((d) => ({ value: d.attendeeId, label: `${d.name} — ${d.company}` }))
  const formClass = 'mt-3 grid gap-3 rounded border border-slate-300 p-3 sm:grid-cols-2'
  return (
    <div>
      <PageTitle>{data.event.title}</PageTitle>
      <p className="mt-1 text-slate-700">{t('delegations.page.title')}</p>

      <Section id="settings-title" title={t('delegations.page.settings')}>
        <CheckedForm schema={settingsSchema} serverErrors={errorsFor('settings')} method="post" className={formClass}>
          {(errors) => (
            <>
              <FormMessage result={messageFor('settings')} />
              <Field name="returnDate" type="date" label={t('delegations.page.returnDate')} defaultValue={data.settings.returnDate} errors={errors} idPrefix="settings" />
              <Field name="organiserPhone" label={t('delegations.page.organiserPhone')} defaultValue={data.settings.organiserPhone} errors={errors} idPrefix="settings" />
              <div><button type="submit" name="intent" value="settings" className={buttonClass}>{t('delegations.page.save')}</button></div>
            </>
          )}
        </CheckedForm>
      </Section>

      <Section id="delegates-title" title={t('delegations.delegates.title')}>
        <FormMessage result={messageFor('identity') ?? messageFor('reveal')} />
        {data.delegates.length === 0 ? <p className="mt-2">{t('delegations.delegates.empty')}</p> : (
          <table className="mt-3 w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('delegations.delegates.name')}</th>
                <th scope="col">{t('delegations.delegates.company')}</th>
                <th scope="col">{t('delegations.delegates.identity')}</th>
                <th scope="col">{t('delegations.delegates.passport')}</th>
                <th scope="col">{t('delegations.delegates.alerts')}</th>
              </tr>
            </thead>
            <tbody>
              {data.delegates.map((d) => (
                <tr key={d.attendeeId} className="border-t border-slate-200 align-top" data-testid="delegate-row">
                  <td className="py-2">{d.name}</td>
                  <td>{d.company}</td>
                  <td>{d.identityComplete ? t('delegations.delegates.complete') : t('delegations.delegates.incomplete')}</td>
                  <td>
                    <span>{d.passportMasked}</span>
                    {data.canReadIdentity && d.identityComplete ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={d.attendeeId} />
                        <button type="submit" name="intent" value="reveal" className="text-brand-700 underline">{t('delegations.delegates.reveal')}</button>
                      </Form>
                    ) : null}
                    {result?.revealed?.id === d.attendeeId ? (
                      <dl className="mt-1" data-testid="revealed-identity">
                        {Object.entries(result.revealed.identity).filter(([, v]) => v).map(([k, v]) => (
                          <div key={k}><dt className="inline font-semibold">{k}</dt> <dd className="inline">{v}</dd></div>
                        ))}
                      </dl>
                    ) : null}
                  </td>
                  <td>{d.alerts.length ? <ul>{d.alerts.map((a) => <li key={a}>{t(`delegations.alerts.${a}`)}</li>)}</ul> : t('delegations.alerts.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.canReadIdentity ? data.delegates.map((d) => (
          <details key={d.attendeeId} className="mt-2">
            <summary className="cursor-pointer text-brand-700">{t('delegations.delegates.edit', { name: d.name })}</summary>
            <CheckedForm schema={identitySchema} serverErrors={errorsFor('identity')} method="post" className={formClass}>
              {(errors) => (
                <>
                  <input type="hidden" name="attendeeId" value={d.attendeeId} />
                  <Field name="passportName" label={t('delegations.identity.passportName')} required errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="passportNumber" label={t('delegations.identity.passportNumber')} required errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="passportCountry" label={t('delegations.identity.passportCountry')} required defaultValue="FR" errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="passportExpiry" type="date" label={t('delegations.identity.passportExpiry')} required errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="nationality" label={t('delegations.identity.nationality')} required defaultValue="FR" errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="birthDate" type="date" label={t('delegations.identity.birthDate')} required errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <SelectField name="travelAuthorisationKind" label={t('delegations.identity.authKind')} includeEmpty={t('delegations.identity.none')} options={[{ value: 'esta', label: t('delegations.identity.esta') }, { value: 'visa', label: t('delegations.identity.visa') }]} errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="travelAuthorisationNumber" label={t('delegations.identity.authNumber')} errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <Field name="travelAuthorisationValidUntil" type="date" label={t('delegations.identity.authValidUntil')} errors={errors} idPrefix={`id-${d.attendeeId}`} />
                  <div><button type="submit" name="intent" value="identity" className={buttonClass}>{t('delegations.identity.save')}</button></div>
                </>
              )}
            </CheckedForm>
          </details>
        )) : <p className="mt-2 text-sm text-slate-700">{t('delegations.delegates.hidden')}</p>}
      </Section>

      <Section id="flights-title" title={t('delegations.flights.title')}>
        {data.flights.length === 0 ? <p className="mt-2">{t('delegations.flights.empty')}</p> : (
          <ul className="mt-2 space-y-2">
            {data.flights.map((f) => (
              <li key={f.id} className="rounded border border-slate-200 p-2" data-testid="flight">
                <p className="font-semibold">{f.who} · {f.flight} · {f.route}</p>
                <p className="text-sm">{f.departs}</p>
                <p className="text-sm">{f.arrives}</p>
                <Form method="post"><input type="hidden" name="id" value={f.id} /><button type="submit" name="intent" value="delete-flight" className="text-sm text-red-800 underline">{t('delegations.flights.delete')}</button></Form>
              </li>
            ))}
          </ul>
        )}
        <CheckedForm schema={flightSchema} serverErrors={errorsFor('flight')} method="post" className={formClass}>
          {(errors) => (
            <>
              <FormMessage result={messageFor('flight')} />
              <SelectField name="attendeeId" label={t('delegations.flights.delegate')} options={delegateOptions} errors={errors} idPrefix="flight" />
              <Field name="carrier" label={t('delegations.flights.carrier')} required errors={errors} idPrefix="flight" />
              <Field name="flightNumber" label={t('delegations.flights.flightNumber')} required errors={errors} idPrefix="flight" />
              <Field name="bookingReference" label={t('delegations.flights.booking')} errors={errors} idPrefix="flight" />
              <Field name="fromAirport" label={t('delegations.flights.from')} required errors={errors} idPrefix="flight" />
              <Field name="departsLocal" type="datetime-local" label={t('delegations.flights.departs')} required errors={errors} idPrefix="flight" />
              <Field name="toAirport" label={t('delegations.flights.to')} required errors={errors} idPrefix="flight" />
              <Field name="arrivesLocal" type="datetime-local" label={t('delegations.flights.arrives')} required errors={errors} idPrefix="flight" />
              <div><button type="submit" name="intent" value="flight" className={buttonClass}>{t('delegations.flights.add')}</button></div>
            </>
          )}
        </CheckedForm>
      </Section>

      <Section id="waves-title" title={t('delegations.waves.title')}>
        {data.waves.length === 0 ? <p className="mt-2">{t('delegations.waves.empty')}</p> : (
          <ul className="mt-2 space-y-2">
            {data.waves.map((w) => (
              <li key={w.id} className="rounded border border-slate-200 p-2" data-testid="wave">
                <p className="font-semibold">{w.label} · {w.airport}{w.vehicle ? ` · ${w.vehicle}` : ''}</p>
                <p className="text-sm">{w.from} → {w.to}</p>
                <p className="text-sm">{t('delegations.waves.members', { count: w.members.length })}{w.members.length ? ` : ${w.members.join(', ')}` : ''}</p>
                <Form method="post"><input type="hidden" name="id" value={w.id} /><button type="submit" name="intent" value="delete-wave" className="text-sm text-red-800 underline">{t('delegations.waves.delete')}</button></Form>
              </li>
            ))}
          </ul>
        )}
        <CheckedForm schema={waveSchema} serverErrors={errorsFor('wave')} method="post" className={formClass}>
          {(errors) => (
            <>
              <FormMessage result={messageFor('wave')} />
              <Field name="label" label={t('delegations.waves.label')} required errors={errors} idPrefix="wave" />
              <Field name="airport" label={t('delegations.waves.airport')} required defaultValue="MIA" errors={errors} idPrefix="wave" />
              <Field name="windowStartLocal" type="datetime-local" label={t('delegations.waves.start')} required errors={errors} idPrefix="wave" />
              <Field name="windowEndLocal" type="datetime-local" label={t('delegations.waves.end')} required errors={errors} idPrefix="wave" />
              <Field name="vehicle" label={t('delegations.waves.vehicle')} errors={errors} idPrefix="wave" />
              <div><button type="submit" name="intent" value="wave" className={buttonClass}>{t('delegations.waves.add')}</button></div>
            </>
          )}
        </CheckedForm>
      </Section>

      <Section id="hotel-title" title={t('delegations.hotel.title')}>
        <FormMessage result={messageFor('assign') ?? messageFor('room') ?? messageFor('mark-sent') ?? messageFor('unassign')} />
        {data.hotel.length === 0 ? <p className="mt-2">{t('delegations.hotel.empty')}</p> : null}
        {data.hotel.map((b) => (
          <article key={b.id} className="mt-3 rounded border border-slate-300 p-3" aria-labelledby={`block-${b.id}`}>
            <h3 id={`block-${b.id}`} className="font-semibold">{b.hotelName}</h3>
            <p className="text-sm">{b.address} · {t('delegations.hotel.blockDates', { from: b.checkIn, to: b.checkOut })}</p>
            <ul className="mt-2 space-y-1">
              {b.rooms.map((r) => (
                <li key={r.id} data-testid="room">
                  <span className="font-semibold">{r.label}</span> · {r.roomType} · {t('delegations.hotel.occupants', { used: r.occupants.length, beds: r.beds })}
                  <ul className="ml-4">
                    {r.occupants.map((o) => (
                      <li key={o.id}>
                        {o.name} ({o.arrivalDate} → {o.departureDate})
                        {o.shoulderNights.length ? <span className="ml-1 text-amber-800">{t('delegations.hotel.shoulder', { nights: o.shoulderNights.join(', ') })}</span> : null}
                        <Form method="post" className="inline"><input type="hidden" name="id" value={o.id} /><button type="submit" name="intent" value="unassign" className="ml-2 text-sm text-red-800 underline">{t('delegations.hotel.unassign')}</button></Form>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            <CheckedForm schema={roomSchema} serverErrors={errorsFor('room')} method="post" className={formClass}>
              {(errors) => (
                <>
                  <input type="hidden" name="blockId" value={b.id} />
                  <Field name="roomType" label={t('delegations.hotel.roomType')} required errors={errors} idPrefix={`room-${b.id}`} />
                  <Field name="label" label={t('delegations.hotel.roomLabel')} required errors={errors} idPrefix={`room-${b.id}`} />
                  <Field name="beds" type="number" label={t('delegations.hotel.beds')} required defaultValue={2} errors={errors} idPrefix={`room-${b.id}`} />
                  <div><button type="submit" name="intent" value="room" className={secondaryButtonClass}>{t('delegations.hotel.addRoom')}</button></div>
                </>
              )}
            </CheckedForm>
            {b.rooms.length ? (
              <CheckedForm schema={assignmentSchema} serverErrors={errorsFor('assign')} method="post" className={formClass}>
                {(errors) => (
                  <>
                    <SelectField name="attendeeId" label={t('delegations.flights.delegate')} options={delegateOptions} errors={errors} idPrefix={`assign-${b.id}`} />
                    <SelectField name="roomId" label={t('delegations.hotel.room')} options={b.rooms.map((r) => ({ value: r.id, label: `${r.label} (${r.roomType})` }))} errors={errors} idPrefix={`assign-${b.id}`} />
                    <Field name="arrivalDate" type="date" label={t('delegations.hotel.arrival')} required defaultValue={b.checkIn} errors={errors} idPrefix={`assign-${b.id}`} />
                    <Field name="departureDate" type="date" label={t('delegations.hotel.departure')} required defaultValue={b.checkOut} errors={errors} idPrefix={`assign-${b.id}`} />
                    <Field name="specialRequests" label={t('delegations.hotel.specialRequests')} errors={errors} idPrefix={`assign-${b.id}`} />
                    <Field name="billing" label={t('delegations.hotel.billing')} errors={errors} idPrefix={`assign-${b.id}`} />
                    <div><button type="submit" name="intent" value="assign" className={buttonClass}>{t('delegations.hotel.assign')}</button></div>
                  </>
                )}
              </CheckedForm>
            ) : null}
            <h4 className="mt-3 font-semibold">{t('delegations.rooming.title')}</h4>
            <p className="text-sm">{b.lastSentAt ? t('delegations.rooming.lastSent', { date: DateTime.fromISO(b.lastSentAt).setZone('America/Martinique').setLocale(locale).toLocaleString(DateTime.DATETIME_MED) }) : t('delegations.rooming.neverSent')}</p>
            <p className="mt-1 flex flex-wrap gap-3">
              <Link reloadDocument to={localePath(locale, `/admin/delegations/${data.event.id}/rooming/${b.id}.csv`)} className="text-brand-700 underline">{t('delegations.rooming.csv')}</Link>
              <Link reloadDocument to={localePath(locale, `/admin/delegations/${data.event.id}/rooming/${b.id}.xlsx`)} className="text-brand-700 underline">{t('delegations.rooming.xlsx')}</Link>
            </p>
            <Form method="post" className="mt-2"><input type="hidden" name="id" value={b.id} /><button type="submit" name="intent" value="mark-sent" className={secondaryButtonClass}>{t('delegations.rooming.markSent')}</button></Form>
          </article>
        ))}
        <CheckedForm schema={blockSchema} serverErrors={errorsFor('block')} method="post" className={formClass}>
          {(errors) => (
            <>
              <FormMessage result={messageFor('block')} />
              <Field name="hotelName" label={t('delegations.hotel.hotelName')} required errors={errors} idPrefix="block" />
              <Field name="address" label={t('delegations.hotel.address')} required errors={errors} idPrefix="block" />
              <Field name="phone" label={t('delegations.hotel.phone')} errors={errors} idPrefix="block" />
              <Field name="checkIn" type="date" label={t('delegations.hotel.checkIn')} required errors={errors} idPrefix="block" />
              <Field name="checkOut" type="date" label={t('delegations.hotel.checkOut')} required errors={errors} idPrefix="block" />
              <Field name="cutOffDate" type="date" label={t('delegations.hotel.cutOff')} errors={errors} idPrefix="block" />
              <div><button type="submit" name="intent" value="block" className={buttonClass}>{t('delegations.hotel.addBlock')}</button></div>
            </>
          )}
        </CheckedForm>
      </Section>
    </div>
  )
}

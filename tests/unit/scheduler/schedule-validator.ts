/**
 * An independent check of a schedule against the rules of the issue, written from the spec and
 * sharing no code with the engine: if both were wrong the same way, this would still disagree.
 */
type Instance = {
  slots: { id: string; start: string | number; end: string | number }[]
  tables: { id: string }[]
  companies: { id: string; fixedTable?: string | null }[]
  delegates: { id: string; company: string; available: string[] }[]
  requests: { id: string; from: string; to: string; priority: number; lock?: { slot: string; table: string } | null }[]
  seed: number
}
type Output = {
  meetings: { requests: string[]; slot: string; table: string; delegates: string[] }[]
  unplaced: { request: string; reason: string }[]
}

export const REASONS = ['no_common_slot', 'company_full', 'no_table', 'lock_conflict']

export function violations(instance: Instance, output: Output): string[] {
  const problems: string[] = []
  const request = new Map(instance.requests.map((r) => [r.id, r]))
  const delegate = new Map(instance.delegates.map((d) => [d.id, d]))
  const company = new Map(instance.companies.map((c) => [c.id, c]))
  const slots = new Set(instance.slots.map((s) => s.id))
  const tables = new Set(instance.tables.map((t) => t.id))
  const seen = new Map<string, number>()
  const delegateSlot = new Set<string>()
  const tableSlot = new Set<string>()
  const companyPairs = new Set<string>()

  for (const meeting of output.meetings) {
    const where = `meeting ${meeting.requests.join('+')} at ${meeting.slot}/${meeting.table}`
    if (!slots.has(meeting.slot)) problems.push(`${where}: unknown slot`)
    if (!tables.has(meeting.table)) problems.push(`${where}: unknown table`)
    if (meeting.requests.length === 0) problems.push(`${where}: no request`)
    const rs = meeting.requests.map((id) => request.get(id))
    if (rs.some((r) => !r)) {
      problems.push(`${where}: unknown request`)
      continue
    }
    for (const id of meeting.requests) seen.set(id, (seen.get(id) ?? 0) + 1)
    const parties = [rs[0]!.from, rs[0]!.to]
    const key = [...parties].sort().join('|')
    for (const r of rs) {
      if ([r!.from, r!.to].sort().join('|') !== key) problems.push(`${where}: requests between different companies`)
      if (r!.lock && (r!.lock.slot !== meeting.slot || r!.lock.table !== meeting.table)) problems.push(`${where}: request ${r!.id} not at its lock`)
    }
    if (new Set(rs.map((r) => `${r!.from}>${r!.to}`)).size !== rs.length) problems.push(`${where}: same direction twice`)
    if (companyPairs.has(key)) problems.push(`${where}: second meeting between ${key}`)
    companyPairs.add(key)

    if (meeting.delegates.length !== 2) problems.push(`${where}: needs exactly two delegates`)
    const owners = meeting.delegates.map((id) => delegate.get(id)?.company)
    if ([...owners].sort().join('|') !== key) problems.push(`${where}: delegates ${meeting.delegates.join(',')} are not one per company`)
    for (const id of meeting.delegates) {
      const d = delegate.get(id)
      if (d && !d.available.includes(meeting.slot)) problems.push(`${where}: delegate ${id} not available`)
      if (delegateSlot.has(`${id}@${meeting.slot}`)) problems.push(`${where}: delegate ${id} double-booked`)
      delegateSlot.add(`${id}@${meeting.slot}`)
    }
    if (tableSlot.has(`${meeting.table}@${meeting.slot}`)) problems.push(`${where}: table double-booked`)
    tableSlot.add(`${meeting.table}@${meeting.slot}`)

    const fixed = parties.map((c) => company.get(c)?.fixedTable ?? null)
    if (fixed[0] !== null && fixed[1] !== null) {
      const first = parties[0] < parties[1] ? 0 : 1
      if (meeting.table !== fixed[first]) problems.push(`${where}: two fixed tables, expected the one of ${parties[first]}`)
    } else {
      const only = fixed[0] ?? fixed[1]
      if (only !== null && meeting.table !== only) problems.push(`${where}: fixed table ${only} not kept`)
    }
  }
  // A fixed-table company is in at most one meeting per slot (it has one table).
  for (const c of instance.companies.filter((x) => x.fixedTable)) {
    const perSlot = new Map<string, number>()
    for (const m of output.meetings) {
      const owners = m.delegates.map((id) => delegate.get(id)?.company)
      if (owners.includes(c.id)) perSlot.set(m.slot, (perSlot.get(m.slot) ?? 0) + 1)
    }
    for (const [slot, n] of perSlot) if (n > 1) problems.push(`company ${c.id} (fixed table) has ${n} meetings at ${slot}`)
  }
  for (const u of output.unplaced) {
    if (!request.has(u.request)) problems.push(`unplaced: unknown request ${u.request}`)
    if (!REASONS.includes(u.reason)) problems.push(`unplaced ${u.request}: unknown reason ${u.reason}`)
    seen.set(u.request, (seen.get(u.request) ?? 0) + 1)
  }
  for (const r of instance.requests) {
    const n = seen.get(r.id) ?? 0
    if (n !== 1) problems.push(`request ${r.id} appears ${n} times`)
  }
  // A request left out while its reverse was placed: only a lock can explain it.
  const placed = new Set(output.meetings.flatMap((m) => m.requests))
  for (const u of output.unplaced) {
    const r = request.get(u.request)
    const reverse = r && instance.requests.find((x) => x.from === r.to && x.to === r.from)
    if (reverse && placed.has(reverse.id) && u.reason !== 'lock_conflict') problems.push(`request ${u.request}: reverse placed but not merged`)
  }
  return problems
}

export function placedPriority(instance: Instance, output: Output) {
  const priority = new Map(instance.requests.map((r) => [r.id, r.priority]))
  return output.meetings.reduce((sum, m) => sum + m.requests.reduce((s, id) => s + (priority.get(id) ?? 0), 0), 0)
}

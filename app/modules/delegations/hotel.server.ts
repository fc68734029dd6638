/**
 * Hotel blocks, rooms and who sleeps where. Assigning a bed locks the room (locks module) so the
 * last bed goes to one delegate only. The rooming list is the hotel's layout; each send is kept,
 * and the next list shows what changed since.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { Database, DbOrTx } from '#db/client'
import { attendees, delegates, hotelBlocks, hotelRooms, roomAssignments, roomingListSends, type RoomingRow } from '#db/schema/index'
import { inLockedTransaction, lockHotelRoom } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { isUuid } from '~/utils/ids'
import type { AssignmentInput, BlockInput, RoomInput } from './delegation-schemas'

export async function addBlock(db: DbOrTx, eventId: string, input: BlockInput) {
  if (!DateTime.fromISO(input.checkIn).isValid) throw new Refusal('impossibleDate', { field: 'checkIn' })
  if (!DateTime.fromISO(input.checkOut).isValid) throw new Refusal('impossibleDate', { field: 'checkOut' })
  if (input.checkOut <= input.checkIn) throw new Refusal('departureBeforeArrival', { field: 'checkOut' })
  if (input.cutOffDate && (!DateTime.fromISO(input.cutOffDate).isValid || input.cutOffDate > input.checkIn)) throw new Refusal('impossibleDate', { field: 'cutOffDate' })
  const [row] = await db
    .insert(hotelBlocks)
    .values({ eventId, hotelName: input.hotelName, address: input.address, phone: input.phone ?? null, checkIn: input.checkIn, checkOut: input.checkOut, cutOffDate: input.cutOffDate ?? null })
    .returning()
  return row
}

async function blockOf(db: DbOrTx, eventId: string, blockId: string) {
  if (!isUuid(blockId)) throw new Refusal('notFound')
  const [block] = await db.select().from(hotelBlocks).where(and(eq(hotelBlocks.id, blockId), eq(hotelBlocks.eventId, eventId)))
  if (!block) throw new Refusal('notFound')
  return block
}

export async function addRoom(db: DbOrTx, eventId: string, input: RoomInput) {
  await blockOf(db, eventId, input.blockId)
  const [row] = await db.insert(hotelRooms).values(input).onConflictDoNothing().returning()
  if (!row) throw new Refusal('roomLabelTaken', { field: 'label' })
  return row
}

export async function deleteRoom(db: DbOrTx, eventId: string, roomId: string) {
  if (!isUuid(roomId)) throw new Refusal('notFound')
  const [room] = await db.select({ id: hotelRooms.id }).from(hotelRooms).innerJoin(hotelBlocks, eq(hotelBlocks.id, hotelRooms.blockId)).where(and(eq(hotelRooms.id, roomId), eq(hotelBlocks.eventId, eventId)))
  if (!room) throw new Refusal('notFound')
  await db.delete(hotelRooms).where(eq(hotelRooms.id, roomId))
}

/**
 * Puts a delegate in a room (or moves them): the room is locked, its beds counted, then the
 * assignment written; a full room is refused (`roomFull`), nothing written.
 */
export async function assignRoom(db: Database, eventId: string, input: AssignmentInput) {
  if (!DateTime.fromISO(input.arrivalDate).isValid) throw new Refusal('impossibleDate', { field: 'arrivalDate' })
  if (!DateTime.fromISO(input.departureDate).isValid) throw new Refusal('impossibleDate', { field: 'departureDate' })
  if (input.departureDate <= input.arrivalDate) throw new Refusal('departureBeforeArrival', { field: 'departureDate' })
  return inLockedTransaction(db, async (tx) => {
    const room = await lockHotelRoom(tx, input.roomId)
    if (!room) throw new Refusal('notFound', { field: 'roomId' })
    await blockOf(tx, eventId, room.blockId)
    const [delegate] = await tx.select({ id: delegates.attendeeId }).from(delegates).where(and(eq(delegates.eventId, eventId), eq(delegates.attendeeId, input.attendeeId)))
    if (!delegate) throw new Refusal('delegateNotFound', { field: 'attendeeId' })
    const occupants = await tx.select({ attendeeId: roomAssignments.attendeeId }).from(roomAssignments).where(eq(roomAssignments.roomId, room.id))
    const others = occupants.filter((o) => o.attendeeId !== input.attendeeId)
    if (others.length >= room.beds) throw new Refusal('roomFull', { field: 'roomId', vars: { room: room.label } })
    const values = { roomId: room.id, arrivalDate: input.arrivalDate, departureDate: input.departureDate, specialRequests: input.specialRequests ?? null, billing: input.billing ?? null }
    const [row] = await tx
      .insert(roomAssignments)
      .values({ ...values, eventId, attendeeId: input.attendeeId })
      .onConflictDoUpdate({ target: [roomAssignments.eventId, roomAssignments.attendeeId], set: values })
      .returning()
    return row
  })
}

export async function unassign(db: DbOrTx, eventId: string, assignmentId: string) {
  if (!isUuid(assignmentId)) throw new Refusal('notFound')
  const deleted = await db.delete(roomAssignments).where(and(eq(roomAssignments.id, assignmentId), eq(roomAssignments.eventId, eventId))).returning({ id: roomAssignments.id })
  if (!deleted.length) throw new Refusal('notFound')
}

/** Nights (dates) a stay spends outside the block: shoulder nights, at the group rate only if the hotel agrees. */
export function shoulderNights(block: { checkIn: string; checkOut: string }, stay: { arrivalDate: string; departureDate: string }): string[] {
  const nights: string[] = []
  for (let d = DateTime.fromISO(stay.arrivalDate, { zone: 'utc' }); d.toISODate()! < stay.departureDate; d = d.plus({ days: 1 })) {
    const night = d.toISODate()!
    if (night < block.checkIn || night >= block.checkOut) nights.push(night)
  }
  return nights
}

/** The event's blocks with rooms and occupants (for the organiser's page). */
export async function hotelOverview(db: DbOrTx, eventId: string) {
  const blocks = await db.select().from(hotelBlocks).where(eq(hotelBlocks.eventId, eventId)).orderBy(asc(hotelBlocks.checkIn))
  const rooms = blocks.length ? await db.select().from(hotelRooms).where(inArray(hotelRooms.blockId, blocks.map((b) => b.id))).orderBy(asc(hotelRooms.label)) : []
  const stays = await db
    .select({ assignment: roomAssignments, firstName: attendees.firstName, lastName: attendees.lastName })
    .from(roomAssignments)
    .innerJoin(attendees, eq(attendees.id, roomAssignments.attendeeId))
    .where(eq(roomAssignments.eventId, eventId))
  return blocks.map((block) => ({
    ...block,
    rooms: rooms
      .filter((r) => r.blockId === block.id)
      .map((room) => ({
        ...room,
        occupants: stays
          .filter((s) => s.assignment.roomId === room.id)
          .map((s) => ({ ...s.assignment, name: `${s.firstName} ${s.lastName}`, shoulderNights: shoulderNights(block, s.assignment) })),
      })),
  }))
}

/** The rooming list of a block, in the hotel's layout (one row per guest). */
export async function roomingRows(db: DbOrTx, eventId: string, blockId: string): Promise<RoomingRow[]> {
  await blockOf(db, eventId, blockId)
  const rows = await db
    .select({ assignment: roomAssignments, room: hotelRooms, firstName: attendees.firstName, lastName: attendees.lastName })
    .from(roomAssignments)
    .innerJoin(hotelRooms, eq(hotelRooms.id, roomAssignments.roomId))
    .innerJoin(attendees, eq(attendees.id, roomAssignments.attendeeId))
    .where(eq(hotelRooms.blockId, blockId))
    .orderBy(asc(hotelRooms.label), asc(attendees.lastName), asc(attendees.firstName))
  return rows.map((r) => ({
    key: r.assignment.attendeeId,
    guest: `${r.lastName.toUpperCase()} ${r.firstName}`,
    arrival: r.assignment.arrivalDate,
    departure: r.assignment.departureDate,
    roomType: r.room.roomType,
    room: r.room.label,
    sharingWith: rows
      .filter((o) => o.room.id === r.room.id && o.assignment.attendeeId !== r.assignment.attendeeId)
      .map((o) => `${o.lastName.toUpperCase()} ${o.firstName}`)
      .join(' / '),
    specialRequests: r.assignment.specialRequests ?? '',
    billing: r.assignment.billing ?? '',
  }))
}

export type RoomingChange = 'new' | 'changed' | 'unchanged' | 'cancelled'

/** Compares the list now with the last one sent: each guest new, changed or unchanged; guests no longer there as cancelled. */
export function diffRooming(current: RoomingRow[], previous: RoomingRow[] | null): { row: RoomingRow; change: RoomingChange }[] {
  if (!previous) return current.map((row) => ({ row, change: 'new' as const }))
  const before = new Map(previous.map((r) => [r.key, r]))
  const fields: (keyof RoomingRow)[] = ['guest', 'arrival', 'departure', 'roomType', 'room', 'sharingWith', 'specialRequests', 'billing']
  const out: { row: RoomingRow; change: RoomingChange }[] = current.map((row) => {
    const old = before.get(row.key)
    if (!old) return { row, change: 'new' }
    return { row, change: fields.some((f) => old[f] !== row[f]) ? 'changed' : 'unchanged' }
  })
  const now = new Set(current.map((r) => r.key))
  for (const old of previous) if (!now.has(old.key)) out.push({ row: old, change: 'cancelled' })
  return out
}

export async function lastSent(db: DbOrTx, blockId: string) {
  const [row] = await db.select().from(roomingListSends).where(eq(roomingListSends.blockId, blockId)).orderBy(desc(roomingListSends.sentAt)).limit(1)
  return row ?? null
}

export async function roomingWithChanges(db: DbOrTx, eventId: string, blockId: string) {
  const current = await roomingRows(db, eventId, blockId)
  const previous = await lastSent(db, blockId)
  return { rows: diffRooming(current, previous?.rows ?? null), lastSentAt: previous?.sentAt ?? null }
}

/** Records the list as sent to the hotel now (the log of what was sent when). */
export async function markRoomingSent(db: DbOrTx, eventId: string, blockId: string, userId: string) {
  const rows = await roomingRows(db, eventId, blockId)
  const [sent] = await db.insert(roomingListSends).values({ blockId, sentByUserId: userId, rows }).returning({ id: roomingListSends.id, sentAt: roomingListSends.sentAt })
  return sent
}

export async function roomingSendLog(db: DbOrTx, blockId: string) {
  return db
    .select({ id: roomingListSends.id, sentAt: roomingListSends.sentAt, guests: count() })
    .from(roomingListSends)
    .where(eq(roomingListSends.blockId, blockId))
    .groupBy(roomingListSends.id)
    .orderBy(desc(roomingListSends.sentAt))
}

/** The rooming list as spreadsheet rows (header first, change column), for the CSV/XLSX exports. */
export async function* roomingExportRows(db: DbOrTx, eventId: string, blockId: string, header: string[], changeLabel: (c: RoomingChange) => string) {
  const { rows } = await roomingWithChanges(db, eventId, blockId)
  yield [header, ...rows.map(({ row, change }) => [row.guest, row.arrival, row.departure, row.roomType, row.room, row.sharingWith, row.specialRequests, row.billing, changeLabel(change)])]
}

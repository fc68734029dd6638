/**
 * One line for a venue: "Name, street address, City" — the city is left out when the street
 * address already names it ("111 NW 1st St, Miami, FL 33128" then "Miami"). Case, accents and
 * spacing are ignored; only whole words count. The venue's name is never compared: "Miami Beach
 * Convention Center" does not say which city it is in.
 */
export function placeLine(name: string | null | undefined, address: string | null | undefined, city: string | null | undefined): string {
  const parts = [name?.trim(), address?.trim()]
  const town = city?.trim()
  if (town && !(address && namesWord(address, town))) parts.push(town)
  return parts.filter(Boolean).join(', ')
}

function namesWord(text: string, word: string) {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escape(fold(word))}($|[^\\p{L}\\p{N}])`, 'u').test(fold(text))
}

function fold(text: string) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ')
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

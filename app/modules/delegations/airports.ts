/**
 * The airports a delegation's flights may use (IATA code → name, city, IANA zone). A code not
 * in this list is refused with a clear message; add a line to support a new airport.
 */
export type Airport = { code: string; name: string; city: string; zone: string }

const LIST: Airport[] = [
  { code: 'FDF', name: 'Martinique Aimé Césaire', city: 'Fort-de-France', zone: 'America/Martinique' },
  { code: 'PTP', name: 'Guadeloupe Pôle Caraïbes', city: 'Pointe-à-Pitre', zone: 'America/Guadeloupe' },
  { code: 'CAY', name: 'Félix Eboué', city: 'Cayenne', zone: 'America/Cayenne' },
  { code: 'SXM', name: 'Princess Juliana', city: 'Sint Maarten', zone: 'America/Lower_Princes' },
  { code: 'BGI', name: 'Grantley Adams', city: 'Bridgetown', zone: 'America/Barbados' },
  { code: 'UVF', name: 'Hewanorra', city: 'Vieux Fort', zone: 'America/St_Lucia' },
  { code: 'SJU', name: 'Luis Muñoz Marín', city: 'San Juan', zone: 'America/Puerto_Rico' },
  { code: 'POS', name: 'Piarco', city: 'Port of Spain', zone: 'America/Port_of_Spain' },
  { code: 'MIA', name: 'Miami International', city: 'Miami', zone: 'America/New_York' },
  { code: 'FLL', name: 'Fort Lauderdale-Hollywood', city: 'Fort Lauderdale', zone: 'America/New_York' },
  { code: 'PBI', name: 'Palm Beach International', city: 'West Palm Beach', zone: 'America/New_York' },
  { code: 'MCO', name: 'Orlando International', city: 'Orlando', zone: 'America/New_York' },
  { code: 'TPA', name: 'Tampa International', city: 'Tampa', zone: 'America/New_York' },
  { code: 'ATL', name: 'Hartsfield-Jackson', city: 'Atlanta', zone: 'America/New_York' },
  { code: 'JFK', name: 'John F. Kennedy', city: 'New York', zone: 'America/New_York' },
  { code: 'EWR', name: 'Newark Liberty', city: 'Newark', zone: 'America/New_York' },
  { code: 'IAD', name: 'Washington Dulles', city: 'Washington', zone: 'America/New_York' },
  { code: 'CLT', name: 'Charlotte Douglas', city: 'Charlotte', zone: 'America/New_York' },
  { code: 'ORD', name: 'O’Hare', city: 'Chicago', zone: 'America/Chicago' },
  { code: 'IAH', name: 'George Bush Intercontinental', city: 'Houston', zone: 'America/Chicago' },
  { code: 'DFW', name: 'Dallas/Fort Worth', city: 'Dallas', zone: 'America/Chicago' },
  { code: 'LAX', name: 'Los Angeles International', city: 'Los Angeles', zone: 'America/Los_Angeles' },
  { code: 'YUL', name: 'Montréal-Trudeau', city: 'Montréal', zone: 'America/Toronto' },
  { code: 'CDG', name: 'Paris-Charles de Gaulle', city: 'Paris', zone: 'Europe/Paris' },
  { code: 'ORY', name: 'Paris-Orly', city: 'Paris', zone: 'Europe/Paris' },
  { code: 'MAD', name: 'Madrid-Barajas', city: 'Madrid', zone: 'Europe/Madrid' },
  { code: 'LHR', name: 'London Heathrow', city: 'London', zone: 'Europe/London' },
  { code: 'PTY', name: 'Tocumen', city: 'Panama City', zone: 'America/Panama' },
  { code: 'BOG', name: 'El Dorado', city: 'Bogotá', zone: 'America/Bogota' },
  { code: 'HAV', name: 'José Martí', city: 'Havana', zone: 'America/Havana' },
  { code: 'PUJ', name: 'Punta Cana', city: 'Punta Cana', zone: 'America/Santo_Domingo' },
  { code: 'MBJ', name: 'Sangster', city: 'Montego Bay', zone: 'America/Jamaica' },
]

export const AIRPORTS: ReadonlyMap<string, Airport> = new Map(LIST.map((a) => [a.code, a]))

/** The airport of a code (any case, trimmed), or undefined when not in the shipped list. */
export function airportOf(code: string): Airport | undefined {
  return AIRPORTS.get(code.trim().toUpperCase())
}

import { sql, type SQL } from 'drizzle-orm'

/**
 * Word search over people: every word typed must begin a word of the person's first or last name,
 * e-mail or company name ("Carbet" and "du Carbet" find "Rhums du Carbet"; "Peloux" finds
 * "Péloux"). Backed by two GIN indexes over folded 'simple' text-search vectors (migration 0004):
 * the expressions below must stay identical to the indexed ones.
 */
const MAX_WORDS = 6

/** The words of a query, folded as the database folds them (case, accents); no operators survive. */
export function searchWords(query: string): string[] {
  const folded = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ø/g, 'o')
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  return [...new Set(words)].slice(0, MAX_WORDS)
}

const prefixQuery = (word: string) => sql`to_tsquery('simple', ${`${word}:*`})`

/** Attendee ids (alias-free subquery) whose own words or company's words begin with `word`. */
function idsMatching(word: string, scope: SQL): SQL {
  return sql`(select s.id from attendee s
      where passerelle_words(s.first_name || ' ' || s.last_name || ' ' || coalesce(s.email, '')) @@ ${prefixQuery(word)} and ${scope}
    union select s.id from company sc join registration sr on sr.company_id = sc.id join attendee s on s.registration_id = sr.id
      where passerelle_words(sc.name) @@ ${prefixQuery(word)} and ${scope})`
}

/**
 * A condition on `attendeeId` (e.g. sql`a.id`): every word matches. `scope` narrows the inner
 * scans to rows the caller may see (written over the alias `s`, e.g. sql`s.event_id = …`). With
 * no word (only punctuation typed), nothing matches.
 */
export function matchesEveryWord(attendeeId: SQL, query: string, scope: SQL = sql`true`): SQL {
  const words = searchWords(query)
  if (words.length === 0) return sql`false`
  // `= any(array(…))` looks the matches up by primary key instead of hashing them against a scan.
  return sql`${attendeeId} = any(array(${sql.join(
    words.map((word) => idsMatching(word, scope)),
    sql` intersect `,
  )}))`
}

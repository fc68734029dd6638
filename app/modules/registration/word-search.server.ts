import { sql, type SQL } from 'drizzle-orm'

/**
 * Word search over people: every word typed must begin a word of the person's first or last name,
 * e-mail or company name ("Carbet" and "du Carbet" find "Rhums du Carbet"; "Peloux" finds
 * "Péloux"). Two forms of one rule: `attendee.search_words` holds all those words, folded by
 * `passerelle_words` and kept by triggers (migration 0010); `matchingIds` looks them up in the
 * attendee's and the company's own word indexes (migration 0004).
 */
const MAX_WORDS = 6

/** The words of a query, folded as the database folds them (case, accents); no operators survive. */
export function searchWords(query: string): string[] {
  const folded = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ø/g, 'o')
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  return [...new Set(words)].slice(0, MAX_WORDS)
}

/**
 * A condition on an attendee's `search_words` column, tested row by row (a count that stops
 * early, a walk in name order, an export) (e.g. sql`a.search_words`): every word
 * begins one of its words. With no word (only punctuation typed), nothing matches.
 */
export function matchesEveryWord(searchWordsColumn: SQL, query: string): SQL {
  const words = searchWords(query)
  if (words.length === 0) return sql`false`
  // Only letters and digits survive searchWords: each word is a plain prefix term.
  return sql`${searchWordsColumn} @@ to_tsquery('simple', ${words.map((word) => `${word}:*`).join(' & ')})`
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
 * The same condition looked up first (a few matches): `attendeeId` (e.g. sql`a.id`) is one whose
 * words (the attendee's, or the company's) begin with every word. Served by the two GIN
 * expression indexes of migration 0004, whose expressions these must stay identical to: with
 * them the planner never scans attendee whatever it guesses of a word's share. `scope` narrows the inner
 * scans to rows the caller may see (written over the alias `s`, e.g. sql`s.event_id = …`). With
 * no word (only punctuation typed), nothing matches.
 */
export function matchingIds(attendeeId: SQL, query: string, scope: SQL = sql`true`): SQL {
  const words = searchWords(query)
  if (words.length === 0) return sql`false`
  // `= any(array(…))` looks the matches up by primary key instead of hashing them against a scan.
  return sql`${attendeeId} = any(array(${sql.join(
    words.map((word) => idsMatching(word, scope)),
    sql` intersect `,
  )}))`
}

/** The smallest text after every text that begins with `word` (byte order, as collation "C"). */
function nextPrefix(word: string): string {
  const points = [...word]
  const last = points.pop()!.codePointAt(0)!
  return points.join('') + String.fromCodePoint(last + 1)
}

/**
 * A one-word search's first part (docs/decisions/028): the folded last name (e.g. sql`a.last_name`)
 * begins with `word` (one of `searchWords`), written as a range of `attendee_fold_name_idx` so the
 * matches come in the list's name order.
 */
export function lastNameBegins(lastName: SQL, word: string): SQL {
  return sql`passerelle_fold(${lastName}) collate "C" >= ${word} and passerelle_fold(${lastName}) collate "C" < ${nextPrefix(word)}`
}

/**
 * Its second part: another of the person's words (first name, the last name's later words, e-mail,
 * company) begins with `word`, on `search_words_rest` (e.g. sql`a.search_words_rest`).
 */
export function otherWordsBegin(restColumn: SQL, word: string): SQL {
  return sql`${restColumn} @@ ${prefixQuery(word)}`
}

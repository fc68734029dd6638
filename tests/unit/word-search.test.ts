import { describe, expect, it } from 'vitest'
import { searchWords } from '~/modules/registration/word-search.server'

describe('the words of a search', () => {
  it('folds case and accents as the database does, and drops every operator', () => {
    expect(searchWords('  Péloux  du CARBET ')).toEqual(['peloux', 'du', 'carbet'])
    expect(searchWords("Œuvre d'Ær & !carbet:* | x")).toEqual(['oeuvre', 'd', 'aer', 'carbet', 'x'])
    expect(searchWords('%_\\')).toEqual([])
    expect(searchWords('jean.dupont@rhum.mq')).toEqual(['jean', 'dupont', 'rhum', 'mq'])
  })
})

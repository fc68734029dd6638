import { HydratedRouter } from 'react-router/dom'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { loadCatalogue } from '~/locales/catalogues.client'
import { CATALOGUE_SECTIONS, type CatalogueSection } from '~/locales/sections'

// The reader's messages first (one language, its own chunk, and the sections the page names), then hydrate.
const sections = (document.documentElement.dataset.catalogue ?? '').split(' ').filter((s): s is CatalogueSection => (CATALOGUE_SECTIONS as readonly string[]).includes(s))
loadCatalogue(document.documentElement.lang, sections).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <HydratedRouter />
      </StrictMode>,
    )
  })
})

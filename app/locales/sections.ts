/**
 * Parts of the catalogue the browser loads only for the pages that read them (each its own chunk
 * per language): a route names them in `handle.catalogue`, the root layout loads them.
 */
export const CATALOGUE_SECTIONS = ['admin', 'auth', 'b2b', 'delegations', 'inbound', 'mail', 'payments', 'privacy', 'registration'] as const
export type CatalogueSection = (typeof CATALOGUE_SECTIONS)[number]

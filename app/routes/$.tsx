import { notFound } from '~/utils/http.server'

export function loader() {
  notFound()
}

export default function NotFound() {
  return null
}

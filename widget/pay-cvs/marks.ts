import { svg } from 'lit'
import type { CvsStore } from '@pay-elements/contract'

/** "504100002557" → ["5041", "0000", "2557"]: groups of four are easy to read out at the till. */
export function groupCode(code: string): string[] {
  return code.match(/.{1,4}/g) ?? []
}

/** Recognisable marks, drawn here (no external images): Indomaret's blue, yellow and red bands; Alfamart's red, yellow and blue. */
export function storeMark(store: CvsStore) {
  return store === 'indomaret'
    ? svg`<svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#ffffff" />
        <rect x="3" y="6" width="26" height="6" rx="1" fill="#0b4ea2" />
        <rect x="3" y="13" width="26" height="6" rx="1" fill="#ffd200" />
        <rect x="3" y="20" width="26" height="6" rx="1" fill="#e3241b" />
      </svg>`
    : svg`<svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#e31e24" />
        <path d="M16 5 L27 26 H5 Z" fill="#ffd400" />
        <path d="M16 13 L21.5 24 H10.5 Z" fill="#004a9f" />
      </svg>`
}

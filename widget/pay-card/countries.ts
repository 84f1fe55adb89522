/**
 * Every country for the card form's country choice, named by the browser in the page's language.
 * The element fetches it right after the first paint; until then the form offers the
 * page's likely country alone.
 */

/**
 * ISO 3166-1 alpha-2 codes, grouped by first letter ("AD E F…" is AD, AE, AF…). The names come from
 * the browser (`Intl.DisplayNames`) in the page's language: a names table in three languages would
 * weigh more than the rest of the element.
 */
const COUNTRY_CODES =
  'ADEFGILMOQRSTUWXZ BABDEFGHIJLMNOQRSTVWYZ CACDFGHIKLMNORUVWXYZ DEJKMOZ ECEGHRST FIJKMOR GABDEFGHILMNPQRSTUWY HKMNRTU IDELMNOQRST JEMOP ' +
  'KEGHIMNPRWYZ LABCIKRSTUVY MACDEFGHKLMNOPQRSTUVWXYZ NACEFGILOPRUZ OM PAEFGHKLMNRSTWY QA REOSUW SABCDEGHIJKLMNORSTVXYZ ' +
  'TCDFGHJKLMNORTVWZ UAGMSYZ VACEGINU WFS YET ZAMW'

const countryLists = new Map<string, [code: string, name: string][]>()

/** Every country as `[code, name]`, named and sorted in `locale`. */
export function countries(locale: string): [code: string, name: string][] {
  let list = countryLists.get(locale)
  if (!list) {
    const names = new Intl.DisplayNames(locale, { type: 'region' })
    list = COUNTRY_CODES.split(' ')
      .flatMap((group) => [...group.slice(1)].map((second): [string, string] => [group[0] + second, names.of(group[0] + second) ?? '']))
      .sort((a, b) => a[1].localeCompare(b[1], locale))
    countryLists.set(locale, list)
  }
  return list
}

import {
  ADDRESS_MAX,
  CCBILL_ACCNUM,
  CCBILL_INT_MAX,
  CCBILL_SUBACC,
  COUNTRY_CODES,
  EMAIL_MAX,
  EMAIL_PATTERN,
  EXP_MONTH_PATTERN,
  EXP_YEAR_RANGE,
  GENERIC_POSTAL_CODE_PATTERN,
  NAME_ON_CARD_PATTERN,
  PAYMENT_TOKEN_ID_PATTERN,
  POSTAL_CODE_MAX,
  POSTAL_CODE_PATTERNS,
} from './rules.js'

/**
 * The simulator's stand-in for CCBill's Advanced Widget script (`ccbill-advanced-widget.js`
 * v1.13.1), served at `/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js`. Same global
 * (`ccbill.CCBillAdvancedWidget`), same functions and argument orders, same way of finding fields
 * (`data-ccbill="<name>"` or `id="_ccbillId_<name>"`), same results: a promise of the fetch
 * `Response` (rejected with the `Response` on an HTTP error) and a synchronous throw of an array of
 * `{target, message, propertyName}` violations on bad input.
 *
 * It is browser code kept as a string (no bundler step, and the server stays free of file reads,
 * so it works the same under tsx, the tsc build and the published package). The field rules come
 * from `rules.ts`, the ones the simulator's API applies. The script finds its API from its own URL
 * (`<base>/js/v1.13.1/…` → `<base>`), so the same file works on any host.
 *
 * Our choices where CCBill's public record is silent:
 * - a violation's `target` is the input element (or null) and its `message` is
 *   "<propertyName>.<text>" (CCBill's README splits messages on ".");
 * - `isScaRequired` and `isScaRequiredForPaymentToken` resolve with the `Response`, like
 *   `createPaymentToken` (the v2 body is a bare JSON boolean);
 * - `authenticateCustomer` resolves with the flat SCA result object (providers.md §3.4); the
 *   challenge is a page of the simulator in an iframe, with an "Approve" and a "Fail" button, and the
 *   script polls the challenge session until the payer has chosen (no inline script or style
 *   anywhere, so it works under a strict Content-Security-Policy).
 */

const RULES = {
  accnum: CCBILL_ACCNUM,
  subacc: CCBILL_SUBACC,
  intMax: CCBILL_INT_MAX,
  nameOnCard: NAME_ON_CARD_PATTERN,
  expMonth: EXP_MONTH_PATTERN,
  expYear: EXP_YEAR_RANGE,
  email: EMAIL_PATTERN,
  emailMax: EMAIL_MAX,
  addressMax: ADDRESS_MAX,
  postalMax: POSTAL_CODE_MAX,
  postal: POSTAL_CODE_PATTERNS,
  postalGeneric: GENERIC_POSTAL_CODE_PATTERN,
  countries: COUNTRY_CODES,
  paymentTokenId: PAYMENT_TOKEN_ID_PATTERN,
}

// Plain browser JavaScript (String.raw keeps its regular expressions readable). It must contain no
// backtick and no dollar-brace.
const SOURCE = String.raw`/* CCBill Advanced Widget v1.13.1: pay-elements sandbox stand-in. Not CCBill's code. */
(function () {
  'use strict'
  var RULES = __RULES__
  var VERSION = '1.13.1'
  var MEDIA_V2 = 'application/vnd.mcn.transaction-service.api.v.2+json'
  var POLL_MS = 500

  var self = document.currentScript || document.querySelector('script[src*="ccbill-advanced-widget.js"]')
  // The script sits at <base>/js/v1.13.1/ccbill-advanced-widget.js; the API answers at <base>.
  var API_BASE = new URL('../../', self && self.src ? self.src : location.href).href.replace(/\/$/, '')

  var PAYMENT_FIELDS = ['nameOnCard', 'cardNumber', 'expMonth', 'expYear', 'cvv2']
  var CUSTOMER_FIELDS = ['firstName', 'lastName', 'address1', 'address2', 'city', 'country', 'state', 'postalCode', 'phoneNumber', 'email']

  function find(name, scope) {
    var selector = '[data-ccbill="' + name + '"], #_ccbillId_' + name
    return (scope && scope.querySelector(selector)) || document.querySelector(selector)
  }
  function read(name, scope) {
    var element = find(name, scope)
    return element && element.value != null ? String(element.value).trim() : ''
  }
  function clear(names, scope) {
    names.forEach(function (name) {
      var element = find(name, scope)
      if (element && 'value' in element) element.value = ''
    })
  }

  function add(violations, name, text, scope) {
    violations.push({ target: find(name, scope) || null, message: name + '.' + text, propertyName: name })
  }

  function digitsOf(cardNumber) {
    return cardNumber.replace(/[\s-]/g, '')
  }
  function luhn(cardNumber) {
    var digits = digitsOf(cardNumber)
    if (!/^\d{12,19}$/.test(digits)) return false
    var sum = 0
    for (var i = 0; i < digits.length; i++) {
      var d = Number(digits.charAt(digits.length - 1 - i))
      if (i % 2 === 1) {
        d *= 2
        if (d > 9) d -= 9
      }
      sum += d
    }
    return sum % 10 === 0
  }
  function isInt(value, min, max) {
    return typeof value === 'number' && Math.floor(value) === value && value >= min && value <= max
  }
  function ipValid(value) {
    var v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
    return v4.test(value) || (/^[0-9a-fA-F:.]+$/.test(value) && value.indexOf(':') >= 0 && value.length <= 45)
  }

  function checkAccount(v, authToken, clientAccnum, clientSubacc) {
    if (typeof authToken !== 'string' || authToken === '') add(v, 'authToken', 'An OAuth token is required')
    if (!isInt(clientAccnum, RULES.accnum.min, RULES.accnum.max)) {
      add(v, 'clientAccnum', 'Must be a number between ' + RULES.accnum.min + ' and ' + RULES.accnum.max)
    }
    if (!isInt(clientSubacc, RULES.subacc.min, RULES.subacc.max)) {
      add(v, 'clientSubacc', 'Must be a number between ' + RULES.subacc.min + ' and ' + RULES.subacc.max)
    }
  }
  function checkCard(v, scope) {
    if (!luhn(read('cardNumber', scope))) add(v, 'cardNumber', 'Must be a valid credit card number', scope)
    if (!new RegExp(RULES.expMonth).test(read('expMonth', scope))) add(v, 'expMonth', 'Must be a number from 1 to 12', scope)
    var year = read('expYear', scope)
    if (!/^\d{4}$/.test(year) || Number(year) < RULES.expYear.min || Number(year) > RULES.expYear.max) {
      add(v, 'expYear', 'Must be a number from ' + RULES.expYear.min + ' to ' + RULES.expYear.max, scope)
    }
    var cvv2 = read('cvv2', scope)
    if (cvv2 !== '' && !/^\d{3,4}$/.test(cvv2)) add(v, 'cvv2', 'Must be 3 or 4 digits', scope)
  }
  function checkNameAndEmail(v, scope) {
    var name = read('nameOnCard', scope)
    if (name === '' || name.length > 100 || !new RegExp(RULES.nameOnCard, 'u').test(name)) {
      add(v, 'nameOnCard', 'Must be the name on the card in letters', scope)
    }
    var email = read('email', scope)
    if (email.length > RULES.emailMax || !new RegExp(RULES.email).test(email)) add(v, 'email', 'Must be a valid email address', scope)
  }
  function checkCurrency(v, scope) {
    if (!/^\d{3}$/.test(read('currencyCode', scope))) add(v, 'currencyCode', 'Must be a three-digit ISO 4217 currency code', scope)
  }
  function checkCustomer(v, scope) {
    if (read('firstName', scope) === '') add(v, 'firstName', 'Required', scope)
    if (read('lastName', scope) === '') add(v, 'lastName', 'Required', scope)
    if (read('address1', scope).length > RULES.addressMax) add(v, 'address1', 'At most ' + RULES.addressMax + ' characters', scope)
    if (read('city', scope).length > RULES.addressMax) add(v, 'city', 'At most ' + RULES.addressMax + ' characters', scope)
    var country = read('country', scope).toUpperCase()
    if (RULES.countries.indexOf(country) < 0) add(v, 'country', 'Must be a two-letter ISO 3166-1 country code', scope)
    var state = read('state', scope)
    if (state !== '' && !/^[A-Za-z0-9]{1,3}$/.test(state)) add(v, 'state', 'Must be an ISO 3166-2 subdivision code', scope)
    var postal = read('postalCode', scope)
    var pattern = RULES.postal[country] || RULES.postalGeneric
    if (postal.length > RULES.postalMax || !new RegExp(pattern).test(postal)) {
      add(v, 'postalCode', 'Must be a valid postal code for the country', scope)
    }
    var phone = read('phoneNumber', scope)
    if (phone !== '' && !/^\+?[\d\s()-]{5,20}$/.test(phone)) add(v, 'phoneNumber', 'Must be a valid telephone number', scope)
    if (!ipValid(read('ipAddress', scope))) add(v, 'ipAddress', 'Required: the IP address of the customer', scope)
  }
  function checkOptionalInt(v, name, value) {
    if (value != null && !isInt(value, 0, RULES.intMax)) add(v, name, 'Must be a number from 0 to ' + RULES.intMax)
  }

  function send(method, path, authToken, body) {
    var headers = { Authorization: 'Bearer ' + authToken, Accept: MEDIA_V2, 'Widget-Version': VERSION }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    return fetch(API_BASE + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      mode: 'cors',
      credentials: 'omit',
    }).then(function (response) {
      if (!response.ok) throw response
      return response
    })
  }

  function optional(value) {
    return value === '' ? undefined : value
  }

  function resolveForm(form) {
    if (form && typeof form === 'object' && typeof form.querySelector === 'function') return form
    if (typeof form === 'string' && form !== '') return document.querySelector(form)
    return document.querySelector('form')
  }

  function overlay() {
    var root = document.createElement('div')
    root.setAttribute('data-ccbill-overlay', '')
    root.setAttribute('role', 'dialog')
    root.setAttribute('aria-modal', 'true')
    root.setAttribute('aria-label', '3-D Secure verification')
    // Style properties set through the CSSOM, which a strict style-src allows (attributes it would not).
    var s = root.style
    s.position = 'fixed'
    s.top = '0'
    s.left = '0'
    s.right = '0'
    s.bottom = '0'
    s.zIndex = '2147483647'
    s.background = 'rgba(0, 0, 0, 0.55)'
    s.display = 'flex'
    s.alignItems = 'center'
    s.justifyContent = 'center'
    var box = document.createElement('div')
    box.style.background = '#fff'
    box.style.width = 'min(440px, 94vw)'
    box.style.borderRadius = '8px'
    box.style.overflow = 'hidden'
    root.appendChild(box)
    return { root: root, box: box }
  }

  function challenge(session, authToken, iframeId) {
    return new Promise(function (resolve, reject) {
      var host = iframeId ? document.getElementById(iframeId) : null
      var frame
      var shade = null
      if (host && host.tagName === 'IFRAME') frame = host
      else {
        frame = document.createElement('iframe')
        frame.style.border = '0'
        frame.style.width = '100%'
        frame.style.height = '460px'
        if (host) host.appendChild(frame)
        else {
          shade = overlay()
          shade.box.appendChild(frame)
          document.body.appendChild(shade.root)
        }
      }
      frame.title = '3-D Secure verification'
      frame.setAttribute('data-ccbill-challenge', session.sessionId)
      frame.src = session.challengeUrl
      frame.addEventListener('load', function () {
        try {
          frame.focus()
        } catch (ignored) {
          /* focus is a courtesy */
        }
      })
      var networkFailures = 0
      function done() {
        if (shade) shade.root.remove()
        else if (frame !== host) frame.remove()
        else frame.src = 'about:blank'
      }
      function poll() {
        send('GET', '/threeds/sessions/' + encodeURIComponent(session.sessionId), authToken)
          .then(function (response) {
            return response.json()
          })
          .then(
            function (state) {
              networkFailures = 0
              if (state.status === 'pending') return void setTimeout(poll, POLL_MS)
              done()
              resolve(state.result)
            },
            function (error) {
              // A dropped connection is retried; an HTTP error (a Response) ends the challenge.
              if (!(error instanceof Response) && ++networkFailures < 10) return void setTimeout(poll, POLL_MS)
              done()
              reject(error)
            },
          )
      }
      setTimeout(poll, POLL_MS)
    })
  }

  class CCBillAdvancedWidget {
    constructor(applicationId) {
      if (typeof applicationId !== 'string' || applicationId === '') throw new TypeError('CCBillAdvancedWidget needs the application id')
      this.applicationId = applicationId
    }

    createPaymentToken(authToken, clientAccnum, clientSubacc, clearPaymentInfo, clearCustomerInfo, timeToLive, numberOfUse) {
      var v = []
      checkAccount(v, authToken, clientAccnum, clientSubacc)
      checkOptionalInt(v, 'timeToLive', timeToLive)
      checkOptionalInt(v, 'numberOfUse', numberOfUse)
      checkCard(v)
      checkNameAndEmail(v)
      checkCustomer(v)
      if (v.length) throw v
      var cvv2 = read('cvv2')
      var body = {
        clientAccnum: clientAccnum,
        clientSubacc: clientSubacc,
        subscriptionId: 0,
        customerInfo: {
          customerFname: read('firstName'),
          customerLname: read('lastName'),
          address1: optional(read('address1')),
          address2: optional(read('address2')),
          city: optional(read('city')),
          state: optional(read('state')),
          zipcode: read('postalCode'),
          country: read('country').toUpperCase(),
          phoneNumber: optional(read('phoneNumber')),
          email: read('email'),
          ipAddress: read('ipAddress'),
          browserHttpUserAgent: read('browserUserAgent') || navigator.userAgent,
          browserHttpAccept: optional(read('browserHttpAccept')),
          browserHttpAcceptLanguage: read('browserHttpAcceptLanguage') || navigator.language,
          browserHttpAcceptEncoding: optional(read('browserHttpAcceptEncoding')),
        },
        paymentInfo: {
          creditCardPaymentInfo: {
            cardNum: digitsOf(read('cardNumber')),
            nameOnCard: read('nameOnCard'),
            expMonth: ('0' + read('expMonth')).slice(-2),
            expYear: read('expYear'),
            cvv2: optional(cvv2),
          },
        },
        timeToLive: timeToLive == null ? undefined : timeToLive,
        validNumberOfUse: numberOfUse == null ? undefined : numberOfUse,
      }
      var result = send('POST', cvv2 ? '/payment-tokens/merchant-only-verify' : '/payment-tokens/merchant-only', authToken, body)
      if (clearPaymentInfo) clear(PAYMENT_FIELDS)
      if (clearCustomerInfo) clear(CUSTOMER_FIELDS)
      return result
    }

    isScaRequired(authToken, clientAccnum, clientSubacc) {
      var v = []
      checkAccount(v, authToken, clientAccnum, clientSubacc)
      if (!luhn(read('cardNumber'))) add(v, 'cardNumber', 'Must be a valid credit card number')
      checkNameAndEmail(v)
      checkCurrency(v)
      if (v.length) throw v
      var digits = digitsOf(read('cardNumber'))
      var query = new URLSearchParams({
        bin: digits.slice(0, 6),
        last4: digits.slice(-4),
        clientAccnum: String(clientAccnum),
        clientSubacc: String(clientSubacc),
        currencyCode: read('currencyCode'),
      })
      return send('GET', '/payment-tokens/threeds-required?' + query, authToken)
    }

    isScaRequiredForPaymentToken(authToken, paymentTokenId) {
      var v = []
      if (typeof authToken !== 'string' || authToken === '') add(v, 'authToken', 'An OAuth token is required')
      if (typeof paymentTokenId !== 'string' || !new RegExp(RULES.paymentTokenId).test(paymentTokenId)) {
        add(v, 'paymentTokenId', 'Must match [a-zA-Z0-9]+')
      }
      checkNameAndEmail(v)
      checkCurrency(v)
      if (v.length) throw v
      var query = new URLSearchParams({ currencyCode: read('currencyCode') })
      return send('GET', '/payment-tokens/' + paymentTokenId + '/threeds-required?' + query, authToken)
    }

    authenticateCustomer(authToken, clientAccnum, clientSubacc, form, iframeId, paymentTokenId) {
      // CCBill's README also shows (authToken, form, clientAccnum, clientSubacc, iframeId, paymentTokenId).
      if (typeof clientAccnum !== 'number' && typeof clientSubacc === 'number') {
        var given = clientAccnum
        clientAccnum = clientSubacc
        clientSubacc = form
        form = given
      }
      var scope = resolveForm(form)
      var v = []
      checkAccount(v, authToken, clientAccnum, clientSubacc)
      if (paymentTokenId) {
        if (!new RegExp(RULES.paymentTokenId).test(String(paymentTokenId))) add(v, 'paymentTokenId', 'Must match [a-zA-Z0-9]+')
      } else checkCard(v, scope)
      checkNameAndEmail(v, scope)
      checkCurrency(v, scope)
      if (!/^\d+(\.\d{1,2})?$/.test(read('amount', scope))) add(v, 'amount', 'Must be the amount to authenticate', scope)
      if (v.length) throw v
      var body = {
        clientAccnum: clientAccnum,
        clientSubacc: clientSubacc,
        paymentTokenId: paymentTokenId || undefined,
        cardNumber: paymentTokenId ? undefined : digitsOf(read('cardNumber', scope)),
        expMonth: paymentTokenId ? undefined : ('0' + read('expMonth', scope)).slice(-2),
        expYear: paymentTokenId ? undefined : read('expYear', scope),
        nameOnCard: read('nameOnCard', scope),
        email: read('email', scope),
        amount: read('amount', scope),
        currencyCode: read('currencyCode', scope),
      }
      return send('POST', '/threeds/sessions', authToken, body)
        .then(function (response) {
          return response.json()
        })
        .then(function (session) {
          return session.challengeRequired ? challenge(session, authToken, iframeId) : session.result
        })
    }
  }

  var namespace = (window.ccbill = window.ccbill || {})
  namespace.CCBillAdvancedWidget = CCBillAdvancedWidget
})()
`

/** The stand-in script, with the field rules filled in. */
export const ADVANCED_WIDGET_SOURCE = SOURCE.replace('__RULES__', () => JSON.stringify(RULES))

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
  NAME_ON_CARD_LENGTH,
  NAME_ON_CARD_PATTERN,
  PAYMENT_TOKEN_ID_PATTERN,
  POSTAL_CODE_MAX,
  POSTAL_CODE_PATTERNS,
} from './rules.js'

/**
 * The simulator's stand-in for CCBill's Advanced Widget script (`ccbill-advanced-widget.js`
 * v1.13.1), served at `/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js`. Same globals
 * (`ccbill.CCBillAdvancedWidget`, and `ccbill.MerchantConnectWidget` of CCBill's older pages), same
 * functions and argument orders as CCBill's newest guide (CCBill/restful-api-guide README, v1.13.1
 * flows): `createPaymentToken`, `isScaRequired`, `isScaRequiredForPaymentToken`,
 * `authenticateCustomer`, `authenticateCustomerAndCreatePaymentToken`, `createPaymentToken3DS`,
 * `changeDefaultFieldId`, and the constructor's `customIds`. Fields are found by `customIds`, then
 * `data-ccbill="<name>"` or `id="_ccbillId_<name>"`. Results as documented: a promise of the fetch
 * `Response` for the token and SCA checks (rejected with the `Response` on an HTTP error), the
 * authentication result as data, and a synchronous throw of an array of
 * `{target, message, propertyName}` violations on bad input. Its field rules are the guide's
 * (`ipAddress` optional, `cvv2` required, `nameOnCard` 2–45 characters, expiry year from this
 * year to 2100), and account numbers may be strings, as CCBill's WooCommerce plugin passes them.
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
 *   `createPaymentToken` (the guide calls `.json()` on it; the v2 body is a bare JSON boolean);
 * - `authenticateCustomer` resolves with the guide's `threedsInformation` record (`success: false`
 *   when the authentication failed); the challenge is a page of the simulator in an iframe, with an
 *   "Approve" and a "Fail" button, and the script polls the challenge session until the payer has
 *   chosen (no inline script or style anywhere, so it works under a strict Content-Security-Policy);
 * - `authenticateCustomerAndCreatePaymentToken` resolves with `{paymentToken, threedsInformation}`
 *   (the guide's "object with two parts"), and `createPaymentToken3DS` with the payment token's JSON
 *   plus `threedsInformation` (it rejects with that record when the authentication failed).
 */

const RULES = {
  accnum: CCBILL_ACCNUM,
  subacc: CCBILL_SUBACC,
  intMax: CCBILL_INT_MAX,
  nameOnCard: NAME_ON_CARD_PATTERN,
  nameOnCardLength: NAME_ON_CARD_LENGTH,
  expMonth: EXP_MONTH_PATTERN,
  expYearMax: EXP_YEAR_RANGE.max,
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

  /** Where a widget reads its fields: an optional form (or other element) and the constructor's custom ids. */
  function fieldsOf(ids, scope) {
    return { ids: ids || {}, scope: scope || null }
  }
  function find(name, at) {
    var id = at.ids[name]
    if (id) return document.getElementById(id)
    var selector = '[data-ccbill="' + name + '"], #_ccbillId_' + name
    return (at.scope && at.scope.querySelector(selector)) || document.querySelector(selector)
  }
  function read(name, at) {
    var element = find(name, at)
    return element && element.value != null ? String(element.value).trim() : ''
  }
  function clear(names, at) {
    names.forEach(function (name) {
      var element = find(name, at)
      if (element && 'value' in element) element.value = ''
    })
  }

  function add(violations, name, text, at) {
    violations.push({ target: (at && find(name, at)) || null, message: name + '.' + text, propertyName: name })
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
  /** A number, or a string of digits (CCBill's WooCommerce plugin passes account numbers from its settings as strings). */
  function toInt(value) {
    return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
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
  function checkCard(v, at, cvvRequired) {
    if (!luhn(read('cardNumber', at))) add(v, 'cardNumber', 'Must be a valid credit card number', at)
    if (!new RegExp(RULES.expMonth).test(read('expMonth', at))) add(v, 'expMonth', 'Must be a number from 1 to 12', at)
    var year = read('expYear', at)
    var thisYear = new Date().getFullYear()
    if (!/^\d{4}$/.test(year) || Number(year) < thisYear || Number(year) > RULES.expYearMax) {
      add(v, 'expYear', 'Must be a year from ' + thisYear + ' to ' + RULES.expYearMax, at)
    }
    var cvv2 = read('cvv2', at)
    if ((cvvRequired || cvv2 !== '') && !/^\d{3,4}$/.test(cvv2)) add(v, 'cvv2', 'Must be 3 or 4 digits', at)
  }
  function checkNameAndEmail(v, at) {
    var name = read('nameOnCard', at)
    var length = RULES.nameOnCardLength
    if (name.length < length.min || name.length > length.max || !new RegExp(RULES.nameOnCard, 'u').test(name)) {
      add(v, 'nameOnCard', 'Must be the name on the card, ' + length.min + ' to ' + length.max + ' letters', at)
    }
    var email = read('email', at)
    if (email.length > RULES.emailMax || !new RegExp(RULES.email).test(email)) add(v, 'email', 'Must be a valid email address', at)
  }
  function checkCurrency(v, at) {
    if (!/^\d{3}$/.test(read('currencyCode', at))) add(v, 'currencyCode', 'Must be a three-digit ISO 4217 currency code', at)
  }
  function checkAmount(v, at) {
    var amount = read('amount', at)
    if (!/^\d+(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) add(v, 'amount', 'Must be the amount to authenticate', at)
  }
  function checkCustomer(v, at) {
    if (read('firstName', at) === '') add(v, 'firstName', 'Required', at)
    if (read('lastName', at) === '') add(v, 'lastName', 'Required', at)
    if (read('address1', at).length > RULES.addressMax) add(v, 'address1', 'At most ' + RULES.addressMax + ' characters', at)
    if (read('address2', at).length > RULES.addressMax) add(v, 'address2', 'At most ' + RULES.addressMax + ' characters', at)
    if (read('city', at).length > RULES.addressMax) add(v, 'city', 'At most ' + RULES.addressMax + ' characters', at)
    var country = read('country', at).toUpperCase()
    if (RULES.countries.indexOf(country) < 0) add(v, 'country', 'Must be a two-letter ISO 3166-1 country code', at)
    var state = read('state', at)
    if (state !== '' && !/^[A-Za-z0-9]{1,3}$/.test(state)) add(v, 'state', 'Must be an ISO 3166-2 subdivision code', at)
    var postal = read('postalCode', at)
    var pattern = RULES.postal[country] || RULES.postalGeneric
    if (postal.length > RULES.postalMax || !new RegExp(pattern).test(postal)) {
      add(v, 'postalCode', 'Must be a valid postal code for the country', at)
    }
    var phone = read('phoneNumber', at)
    if (phone !== '' && !/^\+?[\d\s()-]{5,20}$/.test(phone)) add(v, 'phoneNumber', 'Must be a valid telephone number', at)
    var ip = read('ipAddress', at)
    if (ip !== '' && !ipValid(ip)) add(v, 'ipAddress', 'Must be an IP address', at)
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
  function json(response) {
    return response.json()
  }

  function optional(value) {
    return value === '' ? undefined : value
  }

  /** The payment token request (PaymentTokenMerchantOnlyParams) from the form. */
  function tokenBody(at, clientAccnum, clientSubacc, timeToLive, numberOfUse) {
    return {
      clientAccnum: clientAccnum,
      clientSubacc: clientSubacc,
      subscriptionId: 0,
      customerInfo: {
        customerFname: read('firstName', at),
        customerLname: read('lastName', at),
        address1: optional(read('address1', at)),
        address2: optional(read('address2', at)),
        city: optional(read('city', at)),
        state: optional(read('state', at)),
        zipcode: read('postalCode', at),
        country: read('country', at).toUpperCase(),
        phoneNumber: optional(read('phoneNumber', at)),
        email: read('email', at),
        ipAddress: optional(read('ipAddress', at)),
        // The guide's field tables name it browserHttpUserAgent; its older README, browserUserAgent.
        browserHttpUserAgent: read('browserHttpUserAgent', at) || read('browserUserAgent', at) || navigator.userAgent,
        browserHttpAccept: optional(read('browserHttpAccept', at)),
        browserHttpAcceptLanguage: read('browserHttpAcceptLanguage', at) || navigator.language,
        browserHttpAcceptEncoding: optional(read('browserHttpAcceptEncoding', at)),
      },
      paymentInfo: {
        creditCardPaymentInfo: {
          cardNum: digitsOf(read('cardNumber', at)),
          nameOnCard: read('nameOnCard', at),
          expMonth: ('0' + read('expMonth', at)).slice(-2),
          expYear: read('expYear', at),
          cvv2: optional(read('cvv2', at)),
        },
      },
      timeToLive: timeToLive == null ? undefined : timeToLive,
      validNumberOfUse: numberOfUse == null ? undefined : numberOfUse,
    }
  }
  function postToken(authToken, body) {
    return send('POST', body.paymentInfo.creditCardPaymentInfo.cvv2 ? '/payment-tokens/merchant-only-verify' : '/payment-tokens/merchant-only', authToken, body)
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
        // EMV 3-D Secure's usual challenge window (390 × 400); the bank's page fills it.
        frame.style.height = '400px'
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
          .then(json)
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

  /** Starts an authentication of the form's card (or of a payment token) and runs the challenge when the bank asks for one. */
  function authenticate(at, authToken, clientAccnum, clientSubacc, iframeId, paymentTokenId) {
    var body = {
      clientAccnum: clientAccnum,
      clientSubacc: clientSubacc,
      paymentTokenId: paymentTokenId || undefined,
      cardNumber: paymentTokenId ? undefined : digitsOf(read('cardNumber', at)),
      expMonth: paymentTokenId ? undefined : ('0' + read('expMonth', at)).slice(-2),
      expYear: paymentTokenId ? undefined : read('expYear', at),
      nameOnCard: read('nameOnCard', at),
      email: read('email', at),
      amount: read('amount', at),
      currencyCode: read('currencyCode', at),
    }
    var started
    return send('POST', '/threeds/sessions', authToken, body)
      .then(json)
      .then(function (session) {
        started = session
        return session.challengeRequired ? challenge(session, authToken, iframeId) : session.result
      })
      .then(function (result) {
        return { sessionId: started.sessionId, result: result }
      })
  }

  /** The SCA check of the form's card: the fields authenticateCustomer and the one-step functions need too. */
  function checkAuthentication(v, at, authToken, clientAccnum, clientSubacc) {
    checkAccount(v, authToken, clientAccnum, clientSubacc)
    checkNameAndEmail(v, at)
    checkCurrency(v, at)
    checkAmount(v, at)
  }

  class CCBillAdvancedWidget {
    constructor(applicationId, customIds) {
      if (typeof applicationId !== 'string' || applicationId === '') throw new TypeError('CCBillAdvancedWidget needs the application id')
      this.applicationId = applicationId
      this.customIds = {}
      if (customIds && typeof customIds === 'object') {
        for (var name in customIds) if (Object.prototype.hasOwnProperty.call(customIds, name)) this.customIds[name] = String(customIds[name])
      }
    }

    changeDefaultFieldId(fieldName, elementId) {
      if (typeof fieldName !== 'string' || typeof elementId !== 'string' || elementId === '') {
        throw new TypeError('changeDefaultFieldId needs a field name and an element id')
      }
      this.customIds[fieldName] = elementId
    }

    createPaymentToken(authToken, clientAccnum, clientSubacc, clearPaymentInfo, clearCustomerInfo, timeToLive, numberOfUse) {
      var at = fieldsOf(this.customIds)
      clientAccnum = toInt(clientAccnum)
      clientSubacc = toInt(clientSubacc)
      var v = []
      checkAccount(v, authToken, clientAccnum, clientSubacc)
      checkOptionalInt(v, 'timeToLive', timeToLive)
      checkOptionalInt(v, 'numberOfUse', numberOfUse)
      checkCard(v, at, true)
      checkNameAndEmail(v, at)
      checkCustomer(v, at)
      if (v.length) throw v
      var result = postToken(authToken, tokenBody(at, clientAccnum, clientSubacc, timeToLive, numberOfUse))
      if (clearPaymentInfo) clear(PAYMENT_FIELDS, at)
      if (clearCustomerInfo) clear(CUSTOMER_FIELDS, at)
      return result
    }

    isScaRequired(authToken, clientAccnum, clientSubacc) {
      var at = fieldsOf(this.customIds)
      clientAccnum = toInt(clientAccnum)
      clientSubacc = toInt(clientSubacc)
      var v = []
      checkAccount(v, authToken, clientAccnum, clientSubacc)
      if (!luhn(read('cardNumber', at))) add(v, 'cardNumber', 'Must be a valid credit card number', at)
      checkNameAndEmail(v, at)
      checkCurrency(v, at)
      if (v.length) throw v
      var digits = digitsOf(read('cardNumber', at))
      var query = new URLSearchParams({
        bin: digits.slice(0, 6),
        last4: digits.slice(-4),
        clientAccnum: String(clientAccnum),
        clientSubacc: String(clientSubacc),
        currencyCode: read('currencyCode', at),
      })
      return send('GET', '/payment-tokens/threeds-required?' + query, authToken)
    }

    isScaRequiredForPaymentToken(authToken, paymentTokenId) {
      var at = fieldsOf(this.customIds)
      var v = []
      if (typeof authToken !== 'string' || authToken === '') add(v, 'authToken', 'An OAuth token is required')
      if (typeof paymentTokenId !== 'string' || !new RegExp(RULES.paymentTokenId).test(paymentTokenId)) {
        add(v, 'paymentTokenId', 'Must match [a-zA-Z0-9]+')
      }
      checkNameAndEmail(v, at)
      checkCurrency(v, at)
      if (v.length) throw v
      var query = new URLSearchParams({ currencyCode: read('currencyCode', at) })
      return send('GET', '/payment-tokens/' + paymentTokenId + '/threeds-required?' + query, authToken)
    }

    authenticateCustomer(authToken, clientAccnum, clientSubacc, form, iframeId, paymentTokenId) {
      // CCBill's README also shows (authToken, form, clientAccnum, clientSubacc, iframeId, paymentTokenId).
      if (!isInt(toInt(clientAccnum), 0, 999999) && isInt(toInt(clientSubacc), 0, 999999)) {
        var given = clientAccnum
        clientAccnum = clientSubacc
        clientSubacc = form
        form = given
      }
      clientAccnum = toInt(clientAccnum)
      clientSubacc = toInt(clientSubacc)
      var at = fieldsOf(this.customIds, resolveForm(form))
      var v = []
      checkAuthentication(v, at, authToken, clientAccnum, clientSubacc)
      if (paymentTokenId) {
        if (!new RegExp(RULES.paymentTokenId).test(String(paymentTokenId))) add(v, 'paymentTokenId', 'Must match [a-zA-Z0-9]+')
      } else checkCard(v, at, false)
      if (v.length) throw v
      return authenticate(at, authToken, clientAccnum, clientSubacc, iframeId, paymentTokenId).then(function (done) {
        return done.result
      })
    }

    authenticateCustomerAndCreatePaymentToken(authToken, clientAccnum, clientSubacc, form, iframeId) {
      clientAccnum = toInt(clientAccnum)
      clientSubacc = toInt(clientSubacc)
      var at = fieldsOf(this.customIds, resolveForm(form))
      var v = []
      checkAuthentication(v, at, authToken, clientAccnum, clientSubacc)
      checkCard(v, at, true)
      checkCustomer(v, at)
      if (v.length) throw v
      var body = tokenBody(at, clientAccnum, clientSubacc)
      return authenticate(at, authToken, clientAccnum, clientSubacc, iframeId).then(function (done) {
        return postToken(authToken, body)
          .then(json)
          .then(function (paymentToken) {
            return { paymentToken: paymentToken, threedsInformation: done.result }
          })
      })
    }

    createPaymentToken3DS(authToken, clientAccnum, clientSubacc, form, iframeId) {
      clientAccnum = toInt(clientAccnum)
      clientSubacc = toInt(clientSubacc)
      var at = fieldsOf(this.customIds, resolveForm(form))
      var v = []
      checkAuthentication(v, at, authToken, clientAccnum, clientSubacc)
      checkCard(v, at, true)
      checkCustomer(v, at)
      if (v.length) throw v
      var body = tokenBody(at, clientAccnum, clientSubacc)
      return authenticate(at, authToken, clientAccnum, clientSubacc, iframeId).then(function (done) {
        if (!done.result || done.result.success !== true) throw done.result
        body.sessionId = done.sessionId
        return send('POST', '/threeds/payment-tokens', authToken, body)
          .then(json)
          .then(function (paymentToken) {
            paymentToken.threedsInformation = done.result
            return paymentToken
          })
      })
    }
  }

  var namespace = (window.ccbill = window.ccbill || {})
  namespace.CCBillAdvancedWidget = CCBillAdvancedWidget
  // The name CCBill's older pages construct it by.
  namespace.MerchantConnectWidget = CCBillAdvancedWidget
})()
`

/** The stand-in script, with the field rules filled in. */
export const ADVANCED_WIDGET_SOURCE = SOURCE.replace('__RULES__', () => JSON.stringify(RULES))

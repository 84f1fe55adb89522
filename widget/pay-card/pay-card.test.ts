import { expect } from '@open-wc/testing'
import { runPayElementSuite } from '../test-helpers/pay-element-suite.js'
import { PayElement } from '../shared/pay-element.js'
import { PayCard } from './pay-card.js'

describe('<pay-card>', () => {
  it('is a PayElement registered under its tag', () => {
    expect(customElements.get('pay-card')).to.equal(PayCard)
    expect(new PayCard()).to.be.instanceOf(PayElement)
  })
})

runPayElementSuite('pay-card')

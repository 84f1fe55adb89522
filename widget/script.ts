/**
 * Entry of the single-file build (`widget/dist/pay-elements.js`) for a plain `<script src>`:
 * importing the elements registers them; nothing is exported.
 */
import './pay-crypto/define.js'
import './pay-card/define.js'
import './pay-cvs/define.js'
import './pay-checkout/define.js'

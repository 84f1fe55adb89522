/**
 * Entry of the single-file build (`dist/widget/pay-elements.js`) for a plain `<script src>`:
 * importing the elements registers them; nothing is exported.
 */
import './pay-crypto/pay-crypto.js'
import './pay-card/pay-card.js'
import './pay-cvs/pay-cvs.js'

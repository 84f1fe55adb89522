export { PayCompleteEvent, type PayCompleteDetail } from './pay-complete.js'
export { PayErrorEvent, type PayErrorDetail } from './pay-error.js'
export { PayReadyEvent, type PayReadyDetail } from './pay-ready.js'
export { PayStatusChangeEvent, type PayStatusChangeDetail } from './pay-status-change.js'

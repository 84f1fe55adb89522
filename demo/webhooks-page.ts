import './chrome.js'
import { followWebhooks } from './webhooks-table.js'

followWebhooks(document.getElementById('webhooks') as HTMLTableSectionElement, { withId: true })

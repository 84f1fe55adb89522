// What a bundled app does: import the package's ES modules (here straight from the source).
import '../widget/index.js'
import './chrome.js'

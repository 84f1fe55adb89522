/**
 * `pay-elements/script/id`, `pay-elements/script/zh-CN`: the strings of one language for the
 * script-tag file, which loads them from beside itself when a page asks for that language. They
 * are exported to be copied (deployed) next to `pay-elements.js`, not to be imported.
 */
export {}

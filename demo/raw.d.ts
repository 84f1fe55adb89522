/** Vite's `?raw` imports: the file's text, for showing source on a page. */
declare module '*?raw' {
  const text: string
  export default text
}

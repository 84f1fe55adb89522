/** The console message the render probe writes once `window.benchResult` is set. */
export const PAINTED_MESSAGE = 'bench: first meaningful paint'

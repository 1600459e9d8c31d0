/** Handlebars helpers the page templates use. */
export function registerViewHelpers(hbs: { registerHelper: (name: string, fn: (...args: any[]) => unknown) => void }): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('lookupIndex', (list: unknown[], index: number) => (Array.isArray(list) ? list[index] : undefined));
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
}

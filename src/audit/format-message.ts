/** Fill `{{name}}` placeholders from a report's data; unknown names stay as written so tests catch them. */
export function formatMessage(
  template: string,
  data: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (match, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : match,
  );
}

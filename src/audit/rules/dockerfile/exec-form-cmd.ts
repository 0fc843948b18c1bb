import type { ParsedDockerfile } from '../../parsers/dockerfile.js';
import type { Report, Rule } from '../../types.js';

export const EXEC_FORM_CMD = 'dockerfile/exec-form-cmd';
type MessageId = 'shellForm' | 'malformedJson';

export const execFormCmd: Rule<ParsedDockerfile, typeof EXEC_FORM_CMD, MessageId> = {
  meta: {
    id: EXEC_FORM_CMD,
    target: 'dockerfile',
    quality: 'resilient',
    severity: 'warning',
    description: 'CMD and ENTRYPOINT must use exec form (a JSON array) so the process receives signals.',
    messages: {
      shellForm:
        '{{keyword}} uses shell form, so /bin/sh is PID 1 and SIGTERM never reaches your process (slow, unclean shutdowns); write it as a JSON array: {{keyword}} {{suggestion}}.',
      malformedJson:
        '{{keyword}} looks like exec form but is not valid JSON (use double quotes), so Docker runs it through /bin/sh as a string; write it as: {{keyword}} {{suggestion}}.',
    },
  },
  check(df) {
    const reports: Report<MessageId>[] = [];
    // Every stage, not only the last: any stage can be built with `--target` and run.
    for (const ins of df.instructions) {
      if (
        (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') ||
        ins.form !== 'shell' ||
        ins.text === ''
      ) {
        continue;
      }
      reports.push({
        messageId: ins.malformedExec ? 'malformedJson' : 'shellForm',
        data: { keyword: ins.keyword, suggestion: suggestExecForm(ins.text) },
        line: ins.line,
      });
    }
    return reports;
  },
};

/** A JSON-array rewrite of simple shell text: `node server.js` → `["node", "server.js"]`. */
export function suggestExecForm(text: string): string {
  if (text.startsWith('[')) {
    // `['node', 'x']`: the author meant exec form; swap the quotes.
    return text.replace(/'/g, '"');
  }
  if (/[|&;<>$`*?(){}]/.test(text) || /["']/.test(text)) {
    return `["/bin/sh", "-c", ${JSON.stringify(`exec ${text}`)}]`;
  }
  const words = text.split(/\s+/).filter((w) => w !== '');
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

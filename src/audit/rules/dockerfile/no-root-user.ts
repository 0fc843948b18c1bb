import { effectiveInstruction, type ParsedDockerfile, stageName } from '../../parsers/dockerfile.js';
import type { Report, Rule } from '../../types.js';

export const NO_ROOT_USER = 'dockerfile/no-root-user';
type MessageId = 'missingUser' | 'rootUser';

/** True for `root`, `0`, `root:<group>` and `0:<group>`: the user part is what matters. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}

export const noRootUser: Rule<ParsedDockerfile, typeof NO_ROOT_USER, MessageId> = {
  meta: {
    id: NO_ROOT_USER,
    target: 'dockerfile',
    quality: 'secure',
    severity: 'error',
    description: 'The final stage must switch to a non-root USER.',
    messages: {
      missingUser:
        "The final stage {{stage}} never sets USER, so the container runs as the base image's default user, usually root; add a non-root user such as 'USER node' or 'USER 10001'.",
      rootUser:
        "The final stage {{stage}} runs as root ('USER {{user}}'); end with a non-root USER such as 'USER node' or 'USER 10001'.",
    },
  },
  check(df) {
    const stage = df.finalStage;
    if (!stage) return [];
    const user = effectiveInstruction(df, stage, 'USER');
    if (!user)
      return [{ messageId: 'missingUser', data: { stage: stageName(stage) }, line: stage.from.line }];
    const { value, unresolved } = df.resolve(user.text, user.line);
    // A user only known at build time (`USER $APP_UID` without a default) cannot be judged here.
    if (unresolved.length > 0) return [];
    const reports: Report<MessageId>[] = [];
    if (isRootUser(value.trim())) {
      reports.push({
        messageId: 'rootUser',
        data: { stage: stageName(stage), user: value.trim() },
        line: user.line,
      });
    }
    return reports;
  },
};

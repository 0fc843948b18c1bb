import { describe, expect, it } from 'vitest';
import { scriptCommand } from './shell.js';

describe('scriptCommand', () => {
  it.each([
    ['#!/bin/bash\necho', 'bash start.sh', null],
    ['#!/usr/bin/env zsh\necho', 'zsh start.sh', null],
    ['#!/usr/bin/env -S bash -e\necho', 'bash start.sh', null],
    ['#!/bin/sh', 'sh start.sh', null],
    ['#!/usr/bin/env python3\nprint(1)', './start.sh', 'chmod +x start.sh'],
    ['echo no shebang', 'sh start.sh', null],
    ['', 'sh start.sh', null],
  ])('%j → %s', (text, command, build) => {
    const r = scriptCommand('start.sh', text, 'start.sh');
    expect([r.command, r.build]).toEqual([command, build]);
  });

  it('is weak when the script is empty or unread', () => {
    expect(scriptCommand('run.sh', null, 'run.sh').evidence.confidence).toBe('weak');
    expect(scriptCommand('run.sh', '#!/bin/sh', 'run.sh').evidence.confidence).toBe('explicit');
  });
});

/** Every command's --help: an Examples section of real invocations, and its required options marked. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('labelsleuth <command> --help (spawned CLI)', () => {
  it('lists examples for every command and marks the options it requires', async () => {
    const top = await runCli(['--help']);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+) \[options\]/gm)].map((m) => m[1]!);
    expect(commands).toEqual(['audit', 'retrain', 'predict', 'inject-noise', 'evaluate', 'export', 'clean', 'review', 'inspect']);
    const helps = await Promise.all(commands.map((c) => runCli([c, '--help'])));
    helps.forEach((h, i) => {
      expect(h.code).toBe(0);
      const examples = h.stdout.split('\nExamples:\n')[1];
      expect(examples, commands[i]).toBeDefined();
      for (const line of examples!.trimEnd().split('\n')) expect(line).toMatch(/^ {2}\$ labelsleuth [a-z-]+/);
    });
    const help = (c: string) => helps[commands.indexOf(c)]!.stdout.replace(/\s+/g, ' ');
    expect(help('predict')).toMatch(/--model <dir> a folder written by labelsleuth retrain \(required\)/);
    expect(help('evaluate')).toMatch(/--truth <csv> .*\(required\)/);
    expect(help('inject-noise')).toMatch(/"instance"\) \(required\)/);
    expect(help('clean')).toMatch(/--out <path> .*\(required\)/);
    expect(help('clean')).toContain('(required without --decisions');
    expect(help('audit')).not.toContain('(required)');
  });
});

/**
 * Console lines a test provokes on purpose. The element says an `error` or `blocked` status on the
 * console once, even without `debug` (a site owner's only hint): a test that provokes one captures
 * that line and asserts it, so the message a user would read is checked, and the runner's "Browser
 * logs" section stays for what nobody expected. Only lines matching the test's pattern are taken:
 * any other line still reaches the real console, and the runner still reprints it.
 */

export type ConsoleLevel = 'warn' | 'error' | 'info';

/** The element's line for an `error` or `blocked` status (src/element.ts). */
export const STATUS_LINE = /^\[rudder-fullstory\] status (error|blocked)\b/;

/** The line the element prints when it reaches `status` with `reason`. */
export const statusLine = (status: 'error' | 'blocked', reason: string): string =>
  `[rudder-fullstory] status ${status}: ${reason}`;

const show = (arg: unknown): string => {
  if (typeof arg === 'string' || arg instanceof Error) return String(arg);
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
};
const text = (args: unknown[]): string => args.map(show).join(' ');

/**
 * Runs `body` with `console[level]` lines that match `pattern` taken off the console, and returns
 * them (each line's arguments joined by spaces), in order. The console is restored even if `body`
 * throws.
 */
export async function consoleDuring(level: ConsoleLevel, pattern: RegExp, body: () => unknown): Promise<string[]> {
  const original = console[level];
  const lines: string[] = [];
  console[level] = (...args: unknown[]) => {
    const line = text(args);
    if (pattern.test(line)) lines.push(line);
    else original.apply(console, args);
  };
  try {
    await body();
  } finally {
    console[level] = original;
  }
  return lines;
}

/** `consoleDuring('warn', STATUS_LINE, body)`: the element's `error` and `blocked` lines while `body` runs. */
export const statusLinesDuring = (body: () => unknown): Promise<string[]> => consoleDuring('warn', STATUS_LINE, body);

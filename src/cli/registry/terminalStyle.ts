// Colour for human output, only when stdout is a terminal and NO_COLOR is unset (FORCE_COLOR forces it).
import { stripVTControlCharacters, styleText } from 'node:util';

type Colour = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

export type TerminalStyle = (colour: Colour, text: string) => string;

export function terminalStyle(enabled: boolean): TerminalStyle {
  return (colour, text) => (enabled ? styleText(colour, text) : text);
}

export function colourWanted(environment: NodeJS.ProcessEnv = process.env, isTty = process.stdout.isTTY === true): boolean {
  if (environment.NO_COLOR !== undefined && environment.NO_COLOR !== '') return false;
  if (environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '0') return true;
  return isTty;
}

/** Columns padded to their widest cell, header first; colour codes do not count towards width. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const visible = (text: string) => stripVTControlCharacters(text).length;
  const widths = headers.map((header, column) => Math.max(visible(header), ...rows.map((row) => visible(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visible(cell))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

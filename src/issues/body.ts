/**
 * Finding the request in an issue body, before any YAML is read: front matter at the top
 * between `---` lines, or the sections an issue form writes (`### Run at\n\nin 2h`).
 *
 * Bodies come from browsers, the CLI, agents and the REST API, so the reader is forgiving about
 * what does not change the meaning: a BOM, `\r\n` or lone `\r` line ends, blank lines or HTML
 * comments (left by Markdown templates) before the opening `---`, trailing spaces after it,
 * non-breaking spaces pasted into the indentation. Line numbers always refer to the body as
 * GitHub shows it (one line per `\r\n`).
 */

/** GitHub's limit on issue bodies and comments, in characters (SPEC §7.12). */
export const MAX_BODY_CHARS = 65_536;

/** Zero-width and byte-order characters that editors leave in "blank" lines. */
const INVISIBLE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

export interface FormSection {
  /** The heading text as written (`Run at`). */
  heading: string;
  /** The request key it stands for (`run-at`), when it is one. */
  key?: string;
  /** 1-based line of the `###` heading. */
  headingLine: number;
  /** The value: trimmed; a fenced block's content without its fence; `''` for `_No response_`. */
  value: string;
  /** 1-based line of the value's first line (of the fence's content when fenced). */
  valueLine: number;
  /** Whether the value was a fenced code block. */
  fenced: boolean;
  /** Number of non-blank lines in the value. */
  lineCount: number;
}

export type BodyShape =
  | {
      kind: 'front-matter';
      /** The YAML between the delimiters (non-breaking spaces turned into spaces). */
      yaml: string;
      /** 1-based line of the opening `---`; the YAML's line 1 is the body's line `openLine + 1`. */
      openLine: number;
      closeLine: number;
    }
  | { kind: 'unclosed'; openLine: number; lastLine: number }
  | { kind: 'form'; sections: FormSection[] }
  | {
      kind: 'none';
      /** 1-based line of the first line with text (1 for an empty body). */
      firstLine: number;
      /** What is wrong with the start, when we can tell. */
      reason: 'empty' | 'no-delimiter' | 'smart-dash' | 'fenced';
    };

/** BOM stripped, `\r\n` and lone `\r` turned into `\n`. */
export function normalizeBody(body: string | null | undefined): string {
  let text = body ?? '';
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}

export function bodyLines(body: string | null | undefined): string[] {
  return normalizeBody(body).split('\n');
}

function isBlank(line: string): boolean {
  return line.replace(INVISIBLE, '').trim() === '';
}

const OPEN = /^[ \t\u00a0]*---[ \t\u00a0]*$/;
/** The closing delimiter starts in column 1: an indented `---` belongs to a block scalar. */
const CLOSE = /^(?:---|\.\.\.)[ \t\u00a0]*$/;
/** `---` turned into an em or en dash by autocorrect (`—`, `–-`, `—-`). */
const SMART_DASH = /^[ \t\u00a0]*(?:\u2014|\u2013-|\u2014-|-\u2013|\u2013\u2013)[ \t\u00a0]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING_START = /^ {0,3}###[ \t]/;

/** Request keys an issue form's headings may stand for, by normalised heading. */
const FORM_KEYS: Record<string, string> = {
  'run-at': 'run-at',
  cron: 'cron',
  workflow: 'workflow',
  ref: 'ref',
  timezone: 'timezone',
  'time-zone': 'timezone',
  retries: 'retries',
  'retry-delay': 'retry-delay',
  timeout: 'timeout',
  inputs: 'inputs',
};

/** `Run at` → `run-at`, `Retry delay` → `retry-delay`. */
export function normalizeHeading(heading: string): string {
  return heading
    .replace(INVISIBLE, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function formKeyOf(heading: string): string | undefined {
  const key = normalizeHeading(heading);
  return Object.hasOwn(FORM_KEYS, key) ? FORM_KEYS[key] : undefined;
}

/** Finds the request in a body. Linear in the body's length. */
export function extractRequest(body: string | null | undefined): BodyShape {
  const lines = bodyLines(body);
  let i = 0;
  // Skip blank lines and HTML comments (Markdown issue templates leave them) at the top.
  for (;;) {
    while (i < lines.length && isBlank(lines[i]!)) i++;
    if (i < lines.length && lines[i]!.trimStart().startsWith('<!--')) {
      let j = i;
      let rest = lines[i]!.slice(lines[i]!.indexOf('<!--') + 4);
      while (!rest.includes('-->') && j + 1 < lines.length) rest = lines[++j]!;
      if (!rest.includes('-->')) break;
      // Only a comment that ends its line is skipped; `<!-- x --> run-at: …` is left alone.
      if (rest.slice(rest.indexOf('-->') + 3).trim() !== '') break;
      i = j + 1;
      continue;
    }
    break;
  }
  if (i < lines.length && OPEN.test(lines[i]!)) {
    const openLine = i + 1;
    for (let j = i + 1; j < lines.length; j++) {
      if (CLOSE.test(lines[j]!)) {
        return {
          kind: 'front-matter',
          yaml: lines
            .slice(i + 1, j)
            .join('\n')
            .replace(/\u00a0/g, ' '),
          openLine,
          closeLine: j + 1,
        };
      }
    }
    return { kind: 'unclosed', openLine, lastLine: lines.length };
  }

  const sections = formSections(lines);
  if (sections.some((s) => s.key === 'run-at' || s.key === 'cron')) {
    return { kind: 'form', sections };
  }

  if (i >= lines.length) return { kind: 'none', firstLine: 1, reason: 'empty' };
  const first = lines[i]!;
  const reason = SMART_DASH.test(first)
    ? 'smart-dash'
    : FENCE.test(first) && i + 1 < lines.length && OPEN.test(lines[i + 1]!)
      ? 'fenced'
      : 'no-delimiter';
  return { kind: 'none', firstLine: i + 1, reason };
}

/**
 * The text of a `### Heading` line, without a closing `###` sequence; undefined for any other
 * line. String operations only: a regex with a lazy group here is quadratic on a hostile line.
 */
function headingText(line: string): string | undefined {
  if (!HEADING_START.test(line)) return undefined;
  let text = line.slice(line.indexOf('###') + 3).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end < text.length && (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t')) {
    text = text.slice(0, end).trim();
  }
  return text === '' ? undefined : text;
}

/**
 * The `### Heading` sections of a body (headings inside fenced code blocks do not count: a
 * YAML comment `### note` in the inputs block is not a section).
 */
export function formSections(lines: readonly string[]): FormSection[] {
  const headings: { heading: string; line: number }[] = [];
  let fence: { char: string; length: number } | undefined;
  lines.forEach((line, index) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence.char && f[1]!.length >= fence.length && f[2]!.trim() === '') {
        fence = undefined;
      }
      return;
    }
    if (f && !(f[1]![0] === '`' && f[2]!.includes('`'))) {
      fence = { char: f[1]![0]!, length: f[1]!.length };
      return;
    }
    const heading = headingText(line);
    if (heading !== undefined) headings.push({ heading, line: index + 1 });
  });

  return headings.map((h, n) => {
    const end = n + 1 < headings.length ? headings[n + 1]!.line - 1 : lines.length;
    // Lines h.line+1 … end (1-based) hold the value.
    let from = h.line; // 0-based index of the first value line
    let to = end; // exclusive
    while (from < to && isBlank(lines[from]!)) from++;
    while (to > from && isBlank(lines[to - 1]!)) to--;
    let valueLines = lines.slice(from, to);
    let valueLine = from + 1;
    let fenced = false;
    const open = valueLines.length > 0 ? FENCE.exec(valueLines[0]!) : null;
    if (open) {
      fenced = true;
      const char = open[1]![0]!;
      const length = open[1]!.length;
      let close = valueLines.length;
      for (let k = 1; k < valueLines.length; k++) {
        const c = FENCE.exec(valueLines[k]!);
        if (c && c[1]![0] === char && c[1]!.length >= length && c[2]!.trim() === '') {
          close = k;
          break;
        }
      }
      valueLines = valueLines.slice(1, close);
      valueLine += 1;
    }
    let value = fenced ? valueLines.join('\n') : valueLines.join('\n').trim();
    if (!fenced && value === '_No response_') value = '';
    if (fenced && value.trim() === '') value = '';
    const section: FormSection = {
      heading: h.heading.trim(),
      headingLine: h.line,
      value,
      valueLine: value === '' ? h.line : valueLine,
      fenced,
      lineCount: valueLines.filter((l) => !isBlank(l)).length,
    };
    const key = formKeyOf(h.heading);
    if (key !== undefined) section.key = key;
    return section;
  });
}

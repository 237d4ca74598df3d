/**
 * Putting text that users wrote into Markdown comments without letting it act as Markdown or
 * HTML: no raw HTML, no @-mentions or #-references that notify people, no fake markers, and no
 * way out of a code span or block. Everything here is pure and total.
 */

const ZWSP = '\u200b';

/**
 * Breaks anything that could be read as an HTML comment (and so as one of our markers) when
 * the text is echoed inside code, where entities would show literally: `<!--` → `<!\u200b--`,
 * `-->` → `--\u200b>`. The text still reads the same.
 */
export function neutralizeMarkers(text: string): string {
  return text.replace(/<!--/g, `<!${ZWSP}--`).replace(/-->/g, `--${ZWSP}>`);
}

/** At most `max` characters, with what was cut said at the end. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters)`;
}

/**
 * Plain text → inline Markdown (mid-line) that renders as the same text: HTML is escaped, the
 * punctuation that starts emphasis, code, links, tables or strikethrough is backslash-escaped, `@name` and `#123` get a zero-width space so they neither
 * mention nor cross-reference, and newlines become spaces.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]!|~#]/g, (c) => `\\${c}`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/\\#(?=[0-9A-Za-z])/g, `\\#${ZWSP}`);
}

/** One line of text as a code span that cannot be closed early, whatever backticks it holds. */
export function inlineCode(text: string, max = 200): string {
  const content = neutralizeMarkers(truncate(text.replace(/\r\n?|\n/g, ' '), max));
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || /^ .* $/.test(content) ? ' ' : '';
  return `${fence}${pad}${content === '' ? ' ' : content}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks in `text`. */
export function codeBlock(text: string, language = '', max = 20_000): string {
  const content = neutralizeMarkers(truncate(text.replace(/\r\n?/g, '\n'), max)).replace(
    /\n+$/,
    '',
  );
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * A message of ours, which quotes user text in backticks (`unknown key "x"`, `` `cron: …` ``):
 * spans between backticks become safe code spans, the rest is escaped text. A backtick inside
 * user text only moves the boundary; nothing becomes live Markdown either way.
 */
export function renderMessage(message: string, max = 1_000): string {
  const text = truncate(message, max).replace(/\r\n?|\n/g, ' ');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    out += escapeText(text.slice(last, m.index));
    out += inlineCode(m[1]!);
    last = m.index! + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** A link only for plain http(s) URLs without characters that could end the link early. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return /^https?:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9\-._~%!$&'*+,;=:@/]*)?(?:\?[A-Za-z0-9\-._~%!$&'*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~%!$&'*+,;=:@/?]*)?$/.test(
    url,
  ) && url.length <= 2_000
    ? url
    : undefined;
}

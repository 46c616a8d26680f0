/**
 * Service data (names, params, errors) put into Markdown (hover tooltips) shows as the text it is:
 * never as emphasis, a link, an image, HTML or a heading, whoever wrote it. One place for the rules.
 */

/** Line breaks would start new blocks (headings, lists, HTML) before inline rules apply. */
function oneLine(text: string): string {
	return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** Prose: every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them). */
export function markdownText(text: string): string {
	return oneLine(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A code span holding `text` verbatim. Backslashes are literal inside code spans, so the text is not
 * escaped; the fence is one backtick longer than the longest run of backticks in it, so none can end
 * the span, and a space pads text that starts or ends with a backtick (CommonMark strips one).
 */
export function markdownCode(text: string): string {
	const line = oneLine(text);
	const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(longest + 1);
	const pad = /^[` ]|[` ]$/.test(line) ? ' ' : '';
	return `${fence}${pad}${line}${pad}${fence}`;
}

/** Label/value rows of a details tooltip; rows without a value are left out. */
export type DetailRows = readonly (readonly [string, string | number | boolean | undefined | null])[];

/** A details tooltip: the title in bold, then one `name: value` row per known detail, the value as code. */
export function detailsMarkdown(title: string, rows: DetailRows): string {
	const lines = rows
		.filter(([, value]) => value !== undefined && value !== null && value !== '')
		.map(([name, value]) => `${markdownText(name)}: ${markdownCode(String(value))}  \n`);
	return `**${markdownText(title)}**\n\n${lines.join('')}`;
}

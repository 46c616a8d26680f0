import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { detailsMarkdown, markdownCode, markdownText } from '../../../src/core/markdown';

// Rendered, not compared as source: what matters is what a reader of the hover sees. linkify as
// GitHub-flavoured renderers do, so bare URLs in service data would become links too.
const md = new MarkdownIt({ linkify: true });
type Token = ReturnType<MarkdownIt['parseInline']>[number];

function inlineTokens(source: string): Token[] {
	return md.parseInline(source, {}).flatMap((token) => token.children ?? []);
}

function blockTypes(source: string): string[] {
	return md.parse(source, {}).map((token) => token.type);
}

const hostile = [
	'STANDARD_DS3_V2',
	'a`b',
	'``double``',
	'`leading',
	'trailing`',
	'x` [click](https://evil.example/steal) ![](https://evil.example/pixel.png) `y',
	'<img src=x onerror=alert(1)> <a href="https://evil.example">a</a>',
	'**bold** _em_ ~~gone~~ \\*',
	'https://evil.example/bare and www.evil.example',
	'line one\n# heading\n- item\n\n<script>alert(1)</script>',
	'back\\slash \\` $(zap)',
];

describe('Markdown for service data', () => {
	it('markdownCode shows the text verbatim, in one code span, whatever backticks it holds', () => {
		for (const text of hostile) {
			const tokens = inlineTokens(markdownCode(text));
			assert.deepEqual(tokens.map((t) => t.type), ['code_inline'], `${JSON.stringify(text)} → ${tokens.map((t) => t.type).join()}`);
			assert.equal(tokens[0].content, text.replace(/\n/g, ' '));
		}
		assert.equal(md.renderInline(markdownCode('STANDARD_DS3_V2')), '<code>STANDARD_DS3_V2</code>');
	});

	it('markdownText shows the text as plain text: no emphasis, link, image, HTML or autolink', () => {
		for (const text of hostile) {
			const tokens = inlineTokens(markdownText(text));
			assert.deepEqual([...new Set(tokens.map((t) => t.type))].filter((type) => type !== 'softbreak'), ['text'], `${JSON.stringify(text)} → ${tokens.map((t) => t.type).join()}`);
			assert.equal(tokens.map((t) => t.content).join(''), text.replace(/\n/g, ' '));
		}
	});

	it('a details tooltip renders one bold title and one row per value, with nothing the data could inject', () => {
		const rows = hostile.map((text, i) => [`param ${text}`, i % 2 ? text : `${text} #${i}`] as const);
		const source = detailsMarkdown('job `x` ![](https://evil.example/i.png)', [['VM size', 'STANDARD_DS3_V2'], ['Empty', ''], ['Missing', undefined], ...rows]);
		assert.deepEqual(blockTypes(source), ['paragraph_open', 'inline', 'paragraph_close', 'paragraph_open', 'inline', 'paragraph_close'], 'a title paragraph and a rows paragraph, no heading, list or HTML block');
		const html = md.render(source);
		assert.doesNotMatch(html, /<(a|img|script|em|h1|li)\b/);
		assert.match(html, /^<p><strong>job `x` !\[\]\(https:\/\/evil\.example\/i\.png\)<\/strong><\/p>/);
		assert.match(html, /VM size: <code>STANDARD_DS3_V2<\/code><br>/);
		assert.doesNotMatch(html, /Empty|Missing/);
		const codes = inlineTokens(source.split('\n\n')[1]).filter((t) => t.type === 'code_inline').map((t) => t.content);
		assert.deepEqual(codes, ['STANDARD_DS3_V2', ...rows.map(([, value]) => value.replace(/\n/g, ' '))]);
	});
});

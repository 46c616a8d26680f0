const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Turns the bytes of a growing log into complete lines. UTF-8 is decoded in streaming mode, so a
 * character split across two reads comes out whole; the text after the last line break is kept
 * until its line ends. A lone CR ends a line (progress bars redraw with it), and a CR at the end
 * of a read is held back until the next byte shows whether it starts a CRLF.
 */
export class LineSplitter {
	private decoder = new TextDecoder('utf-8');
	private pending = '';

	/** The lines the bytes completed; the unfinished rest waits for the next push. */
	push(bytes: Uint8Array): string[] {
		return this.split(this.pending + this.decoder.decode(bytes, { stream: true }), false);
	}

	/** The file will not grow any more: whatever is left is its last line. */
	flush(): string[] {
		return this.split(this.pending + this.decoder.decode(), true);
	}

	/** Forgets everything, for a file that is read again from its start. */
	reset(): void {
		this.decoder = new TextDecoder('utf-8');
		this.pending = '';
	}

	private split(text: string, final: boolean): string[] {
		const heldCr = !final && text.endsWith('\r');
		const lines = (heldCr ? text.slice(0, -1) : text).split(LINE_BREAK);
		const rest = lines.pop() ?? '';
		if (final) {
			this.pending = '';
			if (rest !== '') {
				lines.push(rest);
			}
		} else {
			this.pending = heldCr ? `${rest}\r` : rest;
		}
		return lines;
	}
}

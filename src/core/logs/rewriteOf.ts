import type { RangeRead } from '../backends/types';

/**
 * Whether a file read by offset was rewritten since the last read: replaced (another generation)
 * or shrunk below the offset already read. Either way its reader must start again at 0.
 */
export function rewriteOf(read: RangeRead, generation: string | undefined, offset: number): 'replaced' | 'shrunk' | undefined {
	if (generation !== undefined && read.generation !== undefined && read.generation !== generation) {
		return 'replaced';
	}
	return read.size !== undefined && read.size < offset ? 'shrunk' : undefined;
}

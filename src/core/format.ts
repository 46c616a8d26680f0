/** "1h 02m", "3m 05s", "42s": how long a run took, as the tree and summaries show it. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	if (h > 0) {
		return `${h}h ${String(m).padStart(2, '0')}m`;
	}
	if (m > 0) {
		return `${m}m ${String(s).padStart(2, '0')}s`;
	}
	return `${s}s`;
}

/** A local date-time without seconds' fractions, e.g. "2026-11-22 14:03:07". */
export function formatTime(epochMs: number): string {
	const d = new Date(epochMs);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

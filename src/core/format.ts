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

/** "512 B", "4.2 KB", "13.1 MB", "2.4 GB" (powers of 1000, as the snapshot checks count). */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) {
		return `${bytes} B`;
	}
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1000;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

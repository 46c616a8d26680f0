/** Axis and tooltip labels; pure so the webview's numbers can be checked in Node. */

/** Seconds as the largest two units: "45s", "3m 20s", "1h 05m", "2d 3h". */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds)) {
		return '';
	}
	const sign = seconds < 0 ? '-' : '';
	let s = Math.abs(seconds);
	if (s < 60) {
		return `${sign}${Number(s.toFixed(s < 10 ? 1 : 0))}s`;
	}
	s = Math.round(s);
	const days = Math.floor(s / 86_400);
	const hours = Math.floor((s % 86_400) / 3_600);
	const minutes = Math.floor((s % 3_600) / 60);
	const rest = s % 60;
	if (days > 0) {
		return `${sign}${days}d ${hours}h`;
	}
	if (hours > 0) {
		return `${sign}${hours}h ${pad(minutes)}m`;
	}
	return `${sign}${minutes}m ${pad(rest)}s`;
}

/** Local clock time; with the date when the axis spans more than a day. */
export function formatWallTime(ms: number, spanMs: number): string {
	const date = new Date(ms);
	if (Number.isNaN(date.getTime())) {
		return '';
	}
	const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
	return spanMs > 86_400_000 ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time.slice(0, 5)}` : time;
}

/** A metric value with up to 6 significant digits, without trailing zeros. */
export function formatValue(value: number): string {
	if (!Number.isFinite(value)) {
		return String(value);
	}
	const magnitude = Math.abs(value);
	return magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4) ? value.toExponential(3) : String(Number(value.toPrecision(6)));
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

// Azure ML sends durations such as a cluster's idle time before scale-down as ISO 8601. The
// Python SDK writes them with `isodate.duration_isoformat(timedelta(seconds=s))` (100 s → PT1M40S,
// 2400 s → PT40M), so the same spelling is produced here and any spelling the service returns is read.

/** Whole seconds → the ISO 8601 duration azure-ai-ml sends (days, hours, minutes, seconds; zero parts left out). */
export function secondsToIsoDuration(seconds: number): string {
	if (!Number.isInteger(seconds) || seconds < 0) {
		throw new RangeError(`A duration must be a whole number of seconds, 0 or more (got ${seconds}).`);
	}
	const days = Math.floor(seconds / 86_400);
	const hours = Math.floor((seconds % 86_400) / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const secs = seconds % 60;
	const date = days > 0 ? `${days}D` : '';
	const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${secs > 0 ? `${secs}S` : ''}`;
	if (!date && !time) {
		return 'P0D';
	}
	return `P${date}${time ? `T${time}` : ''}`;
}

const durationPattern = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO 8601 duration without years or months (which have no fixed length) → seconds; undefined if not one. */
export function isoDurationToSeconds(text: string): number | undefined {
	const match = durationPattern.exec(text.trim());
	if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) {
		return undefined;
	}
	const [weeks, days, hours, minutes, secs] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
	return Math.round(weeks * 604_800 + days * 86_400 + hours * 3600 + minutes * 60 + secs);
}

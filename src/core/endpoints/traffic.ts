// Traffic shares of an online endpoint: whole percentages per deployment, adding up to 100
// (or all 0) as the service and azure-ai-ml require.

export type Traffic = Readonly<Record<string, number>>;

/** Why these shares cannot be sent, with the rule; undefined when they can. */
export function trafficProblem(traffic: Traffic): string | undefined {
	const bad = Object.entries(traffic).find(([, share]) => !Number.isInteger(share) || share < 0 || share > 100);
	if (bad) {
		return `The traffic of deployment "${bad[0]}" must be a whole percentage from 0 to 100 (it is ${bad[1]}).`;
	}
	const total = Object.values(traffic).reduce((sum, share) => sum + share, 0);
	return total === 100 || total === 0 ? undefined : `Traffic shares must be whole percentages adding up to 100 (they add up to ${total}).`;
}

/** Why `text` is not a share from 0 to 100, or undefined. */
export function shareProblem(text: string): string | undefined {
	return /^\d{1,3}$/.test(text.trim()) && Number(text) <= 100 ? undefined : 'Give a whole percentage from 0 to 100.';
}

/**
 * The traffic after a deployment gets `share`%: the endpoint's first deployment always gets 100;
 * otherwise the other deployments keep their proportions of what is left, rounded so that the
 * whole still adds up to 100 (the largest remainders get the spare points).
 */
export function trafficWith(current: Traffic, deployment: string, share: number, deployments: readonly string[]): Record<string, number> {
	const others = deployments.filter((d) => d !== deployment);
	if (others.length === 0) {
		return { [deployment]: 100 };
	}
	const rest = 100 - share;
	const weights = others.map((d) => current[d] ?? 0);
	const weightTotal = weights.reduce((sum, w) => sum + w, 0);
	// With no traffic on the others, what is left is shared evenly.
	const exact = others.map((_, i) => (weightTotal > 0 ? (rest * weights[i]) / weightTotal : rest / others.length));
	const floors = exact.map(Math.floor);
	let spare = rest - floors.reduce((sum, f) => sum + f, 0);
	const byRemainder = exact.map((value, i) => ({ i, remainder: value - floors[i] })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
	for (const { i } of byRemainder) {
		if (spare <= 0) {
			break;
		}
		floors[i] += 1;
		spare -= 1;
	}
	return { ...Object.fromEntries(others.map((d, i) => [d, floors[i]])), [deployment]: share };
}

/** Traffic as the user writes it, `blue=80, green=20`, in the endpoint's deployment names. */
export function formatTraffic(traffic: Traffic, deployments: readonly string[]): string {
	return deployments.map((d) => `${d}=${traffic[d] ?? 0}`).join(', ');
}

/** Reads `blue=80, green=20`: every deployment named once, shares checked; a string says what is wrong. */
export function parseTraffic(text: string, deployments: readonly string[]): Record<string, number> | string {
	const traffic: Record<string, number> = {};
	for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
		const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
		if (!match) {
			return `Write each share as <deployment>=<percent>, e.g. ${formatTraffic({}, deployments) || 'blue=100'}.`;
		}
		if (!deployments.includes(match[1])) {
			return `The endpoint has no deployment "${match[1]}" (it has ${deployments.join(', ') || 'none'}).`;
		}
		traffic[match[1]] = Number(match[2]);
	}
	return trafficProblem(traffic) ?? traffic;
}

import type { Services } from '../services';

/** A whole number of nodes, at least `min`. */
export async function askNodeCount(services: Services, options: { title: string; prompt: string; value: number; min: number }): Promise<number> {
	const text = await services.prompt.inputBox({
		title: options.title,
		prompt: options.prompt,
		value: String(options.value),
		validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= options.min ? undefined : `Enter a whole number of nodes, ${options.min} or more.`),
	});
	return Number(text.trim());
}

/** A whole number of seconds, 0 or more (any value: 2400 is as good as 120). */
export async function askSeconds(services: Services, options: { title: string; prompt: string; value: number }): Promise<number> {
	const text = await services.prompt.inputBox({
		title: options.title,
		prompt: options.prompt,
		value: String(options.value),
		validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) <= 31_536_000 ? undefined : 'Enter a whole number of seconds (0 to 31536000).'),
	});
	return Number(text.trim());
}

/**
 * An array whose element reads are counted: how many times an algorithm reads each point says
 * whether it makes one linear pass, whatever the speed of the machine that runs the test.
 */
export function countedReads(values: Float64Array): { array: ArrayLike<number>; reads: () => number } {
	let reads = 0;
	const array = new Proxy(values, {
		get(target, property) {
			if (typeof property === 'string' && /^\d+$/.test(property)) {
				reads++;
			}
			const value: unknown = Reflect.get(target, property);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	return { array, reads: () => reads };
}

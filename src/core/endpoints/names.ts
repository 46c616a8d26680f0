// Azure ML's rule for endpoint and deployment names (azure-ai-ml EndpointConfigurations): checked
// here so a bad name fails before any request, and kept the same for Local so a name works on both.
const namePattern = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

function problem(kind: 'endpoint' | 'deployment', name: string): string | undefined {
	return namePattern.test(name) && name.length >= 3 && name.length <= 32
		? undefined
		: `"${name}" is not a valid ${kind} name: use 3 to 32 letters, digits and '-', starting with a letter and ending with a letter or digit.`;
}

/** Why `name` cannot name an online endpoint, or undefined. */
export function endpointNameProblem(name: string): string | undefined {
	return problem('endpoint', name);
}

/** Why `name` cannot name a deployment of an online endpoint, or undefined. */
export function deploymentNameProblem(name: string): string | undefined {
	return problem('deployment', name);
}

/** A valid endpoint name made from a model name, e.g. `lenet_mnist` → `lenet-mnist-ep`. */
export function suggestEndpointName(model: string, suffix = 'ep'): string {
	const base = model.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^[^a-zA-Z]+/, '').slice(0, 31 - suffix.length).replace(/-+$/, '');
	return `${base || 'model'}-${suffix}`;
}

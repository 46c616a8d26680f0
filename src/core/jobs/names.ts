// Azure ML's naming rules, checked before any request so a bad name costs no round trip and the
// message states the rule. Patterns are the service's own (ARM resource name patterns of the
// Microsoft.MachineLearningServices REST specs); the service's 400 still has the last word.

export type NameKind = 'job' | 'experiment' | 'environment' | 'asset' | 'compute' | 'workspace' | 'endpoint' | 'deployment' | 'resource group';

interface Rule {
	readonly pattern: RegExp;
	readonly rule: string;
}

const assetRule: Rule = {
	pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/,
	rule: '1–255 characters: letters, digits, "-" and "_", starting with a letter or digit',
};

const rules: Record<NameKind, Rule> = {
	job: assetRule,
	asset: assetRule,
	environment: assetRule,
	experiment: assetRule,
	compute: {
		pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
		rule: '2–16 characters: letters, digits and "-", starting with a letter and not ending with "-"',
	},
	workspace: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, rule: '3–33 characters: letters, digits, "-" and "_", starting with a letter or digit' },
	endpoint: {
		pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{1,30}[a-zA-Z0-9])$/,
		rule: '3–32 characters: letters, digits and "-", starting with a letter and not ending with "-"',
	},
	deployment: {
		pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{1,30}[a-zA-Z0-9])$/,
		rule: '3–32 characters: letters, digits and "-", starting with a letter and not ending with "-"',
	},
	// ARM's ResourceGroupNameParameter (common-types): `^[-\w\._\(\)]+$`, at most 90, and no final ".".
	'resource group': {
		pattern: /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u,
		rule: '1–90 characters: letters, digits, "-", "_", "." and parentheses, not ending with "."',
	},
};

/** Undefined when valid, else a message with the rule (fits an input box's validateInput). */
export function nameProblem(kind: NameKind, name: string): string | undefined {
	const { pattern, rule } = rules[kind];
	if (kind === 'compute' && name.length === 1) {
		return `A compute name must be ${rule}.`;
	}
	return pattern.test(name) ? undefined : `"${name}" is not a valid ${kind} name: use ${rule}.`;
}

export function assertValidName(kind: NameKind, name: string): void {
	const problem = nameProblem(kind, name);
	if (problem) {
		throw Object.assign(new Error(problem), { kind: 'invalidName' });
	}
}

/** The service's own experiment for a job that names none. */
export const serviceDefaultExperiment = 'Default';

/**
 * The experiment a submit proposes when the user named none: the name of the script's folder, as
 * the CLI and the SDK default it, made valid for the experiment rule; the service's "Default" when
 * nothing of the folder's name is left. The one rule for the palette, the tree and job YAML.
 */
export function defaultExperimentName(folderName: string): string {
	return folderName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 255) || serviceDefaultExperiment;
}

import { modelNameProblem } from '../../core/backends/local/modelRegistry';
import { modelVersionProblem, parseTags, tagsProblem } from '../../core/models/modelDetails';
import type { Services } from '../services';

export type ModelType = 'custom_model' | 'mlflow_model';

export interface ModelDetails {
	readonly name: string;
	/** Absent where the registry numbers versions itself (Local). */
	readonly version?: string;
	readonly modelType: ModelType;
	readonly description?: string;
	readonly tags: Record<string, string>;
	/** The metrics picked, with their latest values. */
	readonly properties: Record<string, string>;
}

export interface ModelQuestions {
	readonly defaultName: string;
	/** The next free version of a model (Azure); without it, no version is asked. */
	readonly nextVersion?: (name: string) => Promise<string>;
	/** MLflow when an `MLmodel` file is at the top of what is registered. */
	readonly detectedType: ModelType;
	/** The run's latest metric values; all picked by default. */
	readonly metrics: Readonly<Record<string, string>>;
}

/** Register Model…'s questions, in order: name, version, type, description, tags, metrics. */
export async function askModelDetails(services: Services, questions: ModelQuestions): Promise<ModelDetails> {
	const name = (
		await services.prompt.inputBox({
			title: 'Register Model: name',
			value: questions.defaultName.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, ''),
			validateInput: (value) => modelNameProblem(value.trim()),
		})
	).trim();
	const version = questions.nextVersion
		? (
				await services.prompt.inputBox({
					title: `Register Model: version of ${name} (the next free one)`,
					value: await questions.nextVersion(name),
					validateInput: (value) => modelVersionProblem(value.trim()),
				})
			).trim()
		: undefined;
	const types = [
		{ label: 'Custom', description: 'any files', modelType: 'custom_model' as const },
		{ label: 'MLflow', description: 'a folder with an MLmodel file', modelType: 'mlflow_model' as const },
	];
	const detected = types.find((t) => t.modelType === questions.detectedType) ?? types[0];
	const type = await services.prompt.quickPick([{ ...detected, detail: 'detected' }, ...types.filter((t) => t !== detected)], { title: 'Register Model: type' });
	const description = (await services.prompt.inputBox({ title: 'Register Model: description (optional)', value: '' })).trim();
	const tags = parseTags(
		await services.prompt.inputBox({ title: 'Register Model: tags (optional)', placeHolder: 'framework=keras, stage=dev', value: '', validateInput: (value) => tagsProblem(value) }),
	);
	const entries = Object.entries(questions.metrics);
	const picked = entries.length
		? await services.prompt.quickPickMany(
				entries.map(([key, value]) => ({ label: key, description: value, picked: true })),
				{ title: "Register Model: metrics to attach as properties (the run's latest values)", placeHolder: 'Unpick the metrics to leave out' },
			)
		: [];
	return {
		name,
		version,
		modelType: type.modelType,
		description: description || undefined,
		tags,
		properties: Object.fromEntries(picked.map((item) => [item.label, questions.metrics[item.label]])),
	};
}

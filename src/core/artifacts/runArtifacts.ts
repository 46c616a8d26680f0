// A run's artifacts (outputs/, logs/, azureml-logs/, …) as run history lists them: a flat list of
// file paths relative to the run's artifact root. Folders exist only as path prefixes, so the tree
// and downloads derive them here.

/** One file among a run's artifacts. */
export interface RunArtifact {
	/** Relative to the run's artifact root, `/`-separated, e.g. `outputs/model/MLmodel`. */
	readonly path: string;
	/** Bytes, when the listing says (local runs); Azure's listing does not. */
	readonly size?: number;
	/** Where the content is read: a read-only SAS URL (Azure), a file URL (Local). */
	readonly contentUri?: string;
}

export type ArtifactEntry =
	| { readonly kind: 'folder'; readonly name: string; readonly path: string }
	| { readonly kind: 'file'; readonly name: string; readonly path: string; readonly artifact: RunArtifact };

/** A folder path without leading or trailing slashes ('' for the root); refuses `..` and empty parts. */
export function normalizeArtifactPath(value: string): string {
	const parts = value.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
	if (parts.includes('..')) {
		throw new Error(`"${value}" is not an artifact path: it may not contain "..".`);
	}
	return parts.join('/');
}

/** The files under a folder, at any depth ('' for all of them). */
export function artifactsUnder(artifacts: readonly RunArtifact[], folder: string): RunArtifact[] {
	const prefix = folder === '' ? '' : `${folder}/`;
	return artifacts.filter((a) => a.path.startsWith(prefix) || a.path === folder);
}

/** The direct children of a folder: subfolders first, then files, each sorted by name. */
export function artifactChildren(artifacts: readonly RunArtifact[], folder: string): ArtifactEntry[] {
	const prefix = folder === '' ? '' : `${folder}/`;
	const folders = new Set<string>();
	const files: ArtifactEntry[] = [];
	for (const artifact of artifacts) {
		if (!artifact.path.startsWith(prefix)) {
			continue;
		}
		const rest = artifact.path.slice(prefix.length);
		const slash = rest.indexOf('/');
		if (rest === '') {
			continue;
		}
		if (slash >= 0) {
			folders.add(rest.slice(0, slash));
		} else {
			files.push({ kind: 'file', name: rest, path: artifact.path, artifact });
		}
	}
	const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
	return [...[...folders].map((name): ArtifactEntry => ({ kind: 'folder', name, path: `${prefix}${name}` })).sort(byName), ...files.sort(byName)];
}

/** An MLflow model folder holds an `MLmodel` file at its top (MLflow's own test for a model directory). */
export function isMlflowModelFolder(artifacts: readonly RunArtifact[], folder: string): boolean {
	const prefix = folder === '' ? '' : `${folder}/`;
	return artifacts.some((a) => a.path === `${prefix}MLmodel`);
}

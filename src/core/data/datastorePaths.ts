// Paths on a datastore as an `azureml://datastores/<name>/paths/<path>` URI carries them: blob
// names relative to the datastore's container, '/'-separated whatever the local platform.

export type DatastorePathKind = 'uri_folder' | 'uri_file';

/** Azure Blob names are at most 1,024 characters. */
const maxLength = 1024;

/** Undefined when `path` can be registered as `kind`, else the rule it breaks (fits an input box's validateInput). */
export function datastorePathProblem(path: string, kind: DatastorePathKind): string | undefined {
	const trimmed = path.trim();
	if (!trimmed) {
		return 'Enter a path on the datastore, e.g. "mnist/train".';
	}
	if (trimmed.length > maxLength) {
		return `The path is ${trimmed.length} characters long: a datastore path is at most ${maxLength}.`;
	}
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
		return 'Enter the path inside the datastore, not a URI (e.g. "mnist/train", not "azureml://…" or "https://…").';
	}
	if (trimmed.startsWith('/')) {
		return 'Enter the path relative to the datastore\'s root, without a leading "/".';
	}
	if (trimmed.includes('\\')) {
		return 'Separate folders with "/", not "\\": datastore paths are blob names.';
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f?#]/.test(trimmed)) {
		return 'A datastore path cannot contain "?", "#" or control characters.';
	}
	const segments = trimmed.replace(/\/$/, '').split('/');
	if (segments.some((s) => s === '' || s === '.' || s === '..')) {
		return 'A datastore path cannot have empty, "." or ".." segments.';
	}
	if (kind === 'uri_file' && trimmed.endsWith('/')) {
		return 'A file path cannot end with "/": pick Folder for a folder.';
	}
	return undefined;
}

/** The URI a data asset points at; a folder's ends with "/", as the SDK registers folders. */
export function datastoreUri(datastore: string, path: string, kind: DatastorePathKind): string {
	const trimmed = path.trim().replace(/\/+$/, '');
	return `azureml://datastores/${datastore}/paths/${trimmed}${kind === 'uri_folder' ? '/' : ''}`;
}
